"""Building blocks of scripts/ml/train.py: table reading, metrics, ONNX export, model files."""
