"""Report kinds: each module registers one or more kinds (registry.register) when imported.
``registry.autodiscover`` imports every module of this package at start-up."""
