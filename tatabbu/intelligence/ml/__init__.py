"""Text classifiers of the intelligence app, free of Django: data sets (``datasets``), the
models (``classifiers``), metrics (``metrics``) and the evaluation protocol (``evaluation``)."""
