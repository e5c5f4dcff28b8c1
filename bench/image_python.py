#!/usr/bin/python3
"""The Python reference for bench/image-bench.sh, single-threaded: PIL + torchvision preprocessing of every image
(decode, convert RGB, Resize 256 bilinear, CenterCrop 224, ToTensor, Normalize), and the full encode with the
ResNet-18 TorchScript model (preprocessing + batched forward pass + global pooling is inside the model).
Prints one JSON object. Usage: image_python.py IMAGE_DIR MODEL_DIR BATCH REPEAT"""
import glob
import json
import os
import statistics
import sys
import time

import torch
from PIL import Image
from torchvision import transforms as T

torch.set_num_threads(1)
torch.set_num_interop_threads(1)


def main():
    images, model_dir, batch, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    files = sorted(glob.glob(os.path.join(images, "*.jpg")))
    blobs = [open(f, "rb").read() for f in files]
    prep = T.Compose([T.Resize(256, interpolation=T.InterpolationMode.BILINEAR), T.CenterCrop(224), T.ToTensor(),
                      T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    import io

    def preprocess_all():
        return [prep(Image.open(io.BytesIO(b)).convert("RGB")) for b in blobs]

    model = torch.jit.load(os.path.join(model_dir, "model.pt")).eval()

    def encode_all():
        out = []
        with torch.no_grad():
            for i in range(0, len(files), batch):
                x = torch.stack([prep(Image.open(f).convert("RGB")) for f in files[i:i + batch]])
                out.append(model(x))
        return out

    preprocess_all()  # warm-up
    encode_all()
    pre, full = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        preprocess_all()
        pre.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        encode_all()
        full.append(time.perf_counter() - t0)
    n = len(files)
    print(json.dumps({"impl": f"PIL {Image.__version__} + torchvision + torch {torch.__version__}", "items": n,
                      "preprocessPerSecond": n / statistics.median(pre), "encodePerSecond": n / statistics.median(full)}))


if __name__ == "__main__":
    main()
