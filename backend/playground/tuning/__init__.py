"""The tuning lab: sample hyperparameters on the right scale, run many trials at once, collect the results."""
