"""Training Playground: see why the practical techniques of deep learning work."""
