# The launcher's stderr filter (GNU sed -E). embedkit reports every error itself, in one line; this drops what
# the JVM and native libraries print on their own:
# - the JVM's notice about the incubating Vector API, always the first line when that module is added;
# - ONNX Runtime's native log lines ("2026-12-07 06:57:08.93 [E:onnxruntime:, ...]", ANSI-coloured), whose
#   errors also come back as the exception embedkit reports;
# - libtorch's native warning lines ("[W1207 19:42:42.029 LegacyTypeDispatch.h:74] Warning: ..."), should
#   TORCH_CPP_LOG_LEVEL not silence them;
# and removes ANSI escape sequences from whatever is left.
1{/^WARNING: Using incubator modules/d}
/^(\x1b\[[0-9;]*m)?[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+ \[[EWIV]:onnxruntime:/d
/^\[[WI][0-9]{4} [0-9:.]+ [^]]*\] Warning: /d
s/\x1b\[[0-9;]*[A-Za-z]//g
