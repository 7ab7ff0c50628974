#!/usr/bin/env python3
"""Writes gguf-py-all-types.gguf with the `gguf` package's GGUFWriter (gguf 0.19.0), an independent GGUF writer.

GgufInteropTest reads it (every metadata value type, nested arrays, tensors of several ranks and types) and checks
that phi4j's GgufWriter, given what phi4j's reader got out of it, writes back the very same bytes.

Usage: python3 make_gguf_fixture.py   (requires numpy and gguf)
"""
import os

import numpy as np
from gguf import GGMLQuantizationType as Q
from gguf import GGUFValueType as V
from gguf import GGUFWriter, quants

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gguf-py-all-types.gguf")

w = GGUFWriter(OUT, arch="phi2")
w.add_key_value("test.u8", 200, V.UINT8)
w.add_key_value("test.i8", -100, V.INT8)
w.add_key_value("test.u16", 60000, V.UINT16)
w.add_key_value("test.i16", -30000, V.INT16)
w.add_key_value("test.u32", 4000000000, V.UINT32)
w.add_key_value("test.i32", -2000000000, V.INT32)
w.add_key_value("test.f32", 0.1, V.FLOAT32)
w.add_key_value("test.bool", True, V.BOOL)
w.add_key_value("test.string", "h\u00e9llo w\u00f6rld \u2713", V.STRING)
w.add_key_value("test.u64", 2**64 - 1, V.UINT64)
w.add_key_value("test.i64", -(2**62), V.INT64)
w.add_key_value("test.f64", 3.141592653589793, V.FLOAT64)
w.add_key_value("test.arr.u8", [1, 2, 255], V.ARRAY, sub_type=V.UINT8)
w.add_key_value("test.arr.i8", [-128, 0, 127], V.ARRAY, sub_type=V.INT8)
w.add_key_value("test.arr.u16", [0, 65535], V.ARRAY, sub_type=V.UINT16)
w.add_key_value("test.arr.i16", [-32768, 32767], V.ARRAY, sub_type=V.INT16)
w.add_key_value("test.arr.u32", [0, 4294967295], V.ARRAY, sub_type=V.UINT32)
w.add_key_value("test.arr.i32", [-1, 2147483647], V.ARRAY, sub_type=V.INT32)
w.add_key_value("test.arr.u64", [2**63 + 5], V.ARRAY, sub_type=V.UINT64)
w.add_key_value("test.arr.i64", [-(2**63), 42], V.ARRAY, sub_type=V.INT64)
w.add_key_value("test.arr.f32", [1.5, -2.25], V.ARRAY, sub_type=V.FLOAT32)
w.add_key_value("test.arr.f64", [1e300, -0.5], V.ARRAY, sub_type=V.FLOAT64)
w.add_key_value("test.arr.bool", [True, False, True], V.ARRAY, sub_type=V.BOOL)
w.add_key_value("test.arr.str", ["a", "", "\u0120 t"], V.ARRAY, sub_type=V.STRING)
w.add_key_value("test.arr.nested", [[1, 2], [3]], V.ARRAY)
w.add_key_value("test.arr.nested_str", [["x"], ["y", "z"]], V.ARRAY)

w.add_tensor("t.f32", (np.arange(15, dtype=np.float32) * 0.5 - 3).reshape(3, 5))
w.add_tensor("t.bias", np.arange(7, dtype=np.float32))
w.add_tensor("t.f16", (np.arange(64, dtype=np.float32) / 8).astype(np.float16).reshape(2, 4, 8))
w.add_tensor("t.4d", np.arange(24, dtype=np.float32).reshape(1, 2, 3, 4))
q8_src = (np.arange(128, dtype=np.float32) - 60) / 16
w.add_tensor("t.q8_0", quants.quantize(q8_src.reshape(2, 64), Q.Q8_0), raw_dtype=Q.Q8_0)
bf_src = np.array([1.0, -2.5, 3.140625, 0.0] * 8, dtype=np.float32)
w.add_tensor("t.bf16", quants.quantize(bf_src.reshape(1, 32), Q.BF16), raw_dtype=Q.BF16)

w.write_header_to_file()
w.write_kv_data_to_file()
w.write_tensors_to_file()
w.close()
print(OUT, os.path.getsize(OUT))
