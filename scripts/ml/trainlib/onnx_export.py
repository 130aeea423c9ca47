"""LightGBM booster -> ONNX with a DOUBLE input, and the check that ONNX equals LightGBM.

onnxmltools converts the trees (TreeEnsembleClassifier) but only accepts a float32 input, and
it stores thresholds and leaf values as float32 attributes: inputs rounded to float32 can fall
on the other side of a threshold, so scores would differ from LightGBM's. After the
conversion we therefore
- take the exact (float64) thresholds and leaf weights onnxmltools computed, captured as it
  adds the tree node, and store them as the double-tensor attributes of ai.onnx.ml opset 3
  (nodes_values_as_tensor, class_weights_as_tensor);
- declare the graph input as tensor(double) [N, features];
- keep a single output, "probabilities" [N, 2] (float32: TreeEnsembleClassifier's output
  type; column 1 is P(label = 1)).
onnxruntime then compares float64 inputs with float64 thresholds and sums in float64: the
only difference left is the final float32 rounding of the probability (< 1e-7).
"""

from __future__ import annotations

import numpy as np
import onnx
import onnxmltools
from onnx import TensorProto, helper, numpy_helper
from onnxmltools.convert.common import _container
from onnxmltools.convert.common.data_types import FloatTensorType

INPUT = "features"
OUTPUT = "probabilities"
TREE_OPS = ("TreeEnsembleClassifier", "TreeEnsembleRegressor")


def _convert_capturing(booster, n_features: int):
    captured: list[dict] = []
    original = _container.ModelComponentContainer.add_node

    def spy(self, op_type, inputs, outputs, op_domain="", op_version=1, **attrs):
        if op_type in TREE_OPS:
            captured.append({k: (list(v) if isinstance(v, list) else v) for k, v in attrs.items()})
        return original(self, op_type, inputs, outputs, op_domain, op_version, **attrs)

    _container.ModelComponentContainer.add_node = spy
    try:
        model = onnxmltools.convert_lightgbm(
            booster, name="customs_aml_risk", initial_types=[(INPUT, FloatTensorType([None, n_features]))],
            zipmap=False, target_opset=15)
    finally:
        _container.ModelComponentContainer.add_node = original
    return model, captured


def to_onnx(booster, n_features: int) -> bytes:
    model, captured = _convert_capturing(booster, n_features)
    trees = [n for n in model.graph.node if n.op_type in TREE_OPS]
    if len(trees) != 1 or len(captured) != 1 or trees[0].op_type != "TreeEnsembleClassifier":
        raise RuntimeError(f"unexpected ONNX graph from onnxmltools: {[n.op_type for n in model.graph.node]}")
    node, attrs = trees[0], captured[0]
    if "base_values" in attrs and any(v != 0 for v in attrs["base_values"]):
        raise RuntimeError("unexpected non-zero base_values in the converted trees")
    kept = [a for a in node.attribute if a.name not in ("nodes_values", "class_weights", "base_values")]
    del node.attribute[:]
    node.attribute.extend(kept)
    node.attribute.append(helper.make_attribute(
        "nodes_values_as_tensor", numpy_helper.from_array(np.asarray(attrs["nodes_values"], dtype=np.float64), "nodes_values")))
    node.attribute.append(helper.make_attribute(
        "class_weights_as_tensor", numpy_helper.from_array(np.asarray(attrs["class_weights"], dtype=np.float64), "class_weights")))
    for o in model.opset_import:
        if o.domain == "ai.onnx.ml":
            o.version = 3
    model.graph.input[0].type.tensor_type.elem_type = TensorProto.DOUBLE
    _keep_probabilities_only(model)
    onnx.checker.check_model(model, full_check=True)
    return model.SerializeToString()


def _keep_probabilities_only(model) -> None:
    """Drop the label output and the nodes that only feed it; name the probability output."""
    g = model.graph
    prob_out = [o for o in g.output if o.name != "label"]
    if len(prob_out) != 1:
        raise RuntimeError(f"unexpected ONNX outputs {[o.name for o in g.output]}")
    old = prob_out[0].name
    needed = {old}
    keep = []
    for n in reversed(list(g.node)):
        if any(o in needed for o in n.output):
            keep.append(n)
            needed.update(n.input)
    keep.reverse()
    for n in keep:
        n.output[:] = [OUTPUT if o == old else o for o in n.output]
    del g.node[:]
    g.node.extend(keep)
    used = {i for n in keep for i in n.input}
    inits = [i for i in g.initializer if i.name in used]
    del g.initializer[:]
    g.initializer.extend(inits)
    out = helper.make_tensor_value_info(OUTPUT, TensorProto.FLOAT, [None, 2])
    del g.output[:]
    g.output.append(out)


def onnx_probabilities(model_bytes: bytes, X: np.ndarray) -> np.ndarray:
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.log_severity_level = 3
    so.intra_op_num_threads = 1
    s = ort.InferenceSession(model_bytes, so, providers=["CPUExecutionProvider"])
    return s.run([OUTPUT], {INPUT: np.ascontiguousarray(X, dtype=np.float64)})[0][:, 1].astype(np.float64)
