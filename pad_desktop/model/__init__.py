"""The model and its explanations: the canonical inputs it sees, the bundle and its
signature, scoring in ONNX Runtime, the tree graphs, reasons, explanations, counterfactuals,
the model card, training and the MLflow registry.
"""
