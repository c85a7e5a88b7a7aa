"""Training of the stance model and fitting of the verdict policy (not installed with the service).

``python -m training.train`` writes a run directory under ``.cache/training/``;
``python -m training.ship RUN_DIR`` replaces the shipped artifact with it. The runtime package
(``factcheck``) never imports this package. Needs the ``train`` extra (scikit-learn).
"""
