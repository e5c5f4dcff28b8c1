#!/usr/bin/python3
"""The Python reference for the Wav2Vec2 clips/s figure: for every clip, torchaudio.load, mean channels, resample
to 16 kHz, normalise, the TorchScript model, mean over T; one thread. Usage: audio_python.py CLIP_DIR MODEL_DIR REPEAT"""
import glob
import json
import os
import statistics
import sys
import time

import torch
import torchaudio
import torchaudio.functional as F

torch.set_num_threads(1)
torch.set_num_interop_threads(1)
files = sorted(glob.glob(os.path.join(sys.argv[1], "*.wav")))
model = torch.jit.load(os.path.join(sys.argv[2], "model.pt")).eval()
repeat = int(sys.argv[3])


def run(some=None):
    with torch.no_grad():
        for f in files[:some]:
            w, r = torchaudio.load(f)
            x = F.resample(w.mean(dim=0), r, 16000)
            x = (x - x.mean()) / torch.sqrt(x.var(unbiased=False) + 1e-7)
            model(x[None])[0].mean(dim=0)


run(2)  # warm-up
t = []
for _ in range(repeat):
    t0 = time.perf_counter()
    run()
    t.append(time.perf_counter() - t0)
s = statistics.median(t)
print(json.dumps({"impl": "torch " + torch.__version__ + " + torchaudio " + torchaudio.__version__,
                  "items": len(files), "seconds": s, "itemsPerSecond": len(files) / s}))
