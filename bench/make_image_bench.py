#!/usr/bin/python3
"""Makes bench/out/images: 200 photo-like 640x480 JPEGs, and bench/out/resnet18: torchvision's ResNet-18 with
random weights (no download), fc replaced by Identity, traced to TorchScript with a dynamic batch.
Run with Debian's interpreter: /usr/bin/python3 bench/make_image_bench.py"""
import json
import os
import sys

import numpy as np
import torch
import torchvision
from PIL import Image, ImageDraw, ImageFilter

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out")


def photo(seed):
    r = np.random.default_rng(seed)
    y, x = np.mgrid[0:480, 0:640].astype(np.float64)
    img = np.stack([128 + 90 * np.sin(x / 97 + seed), 128 + 90 * np.cos(y / 61 - seed), 255 * (x + y) / 1118], -1)
    img += r.normal(0, 10, img.shape)
    pil = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")
    d = ImageDraw.Draw(pil)
    for _ in range(40):
        x0, y0 = int(r.integers(0, 640)), int(r.integers(0, 480))
        box = [x0, y0, x0 + int(r.integers(5, 200)), y0 + int(r.integers(5, 150))]
        color = tuple(int(c) for c in r.integers(0, 256, 3))
        (d.ellipse if r.random() < 0.5 else d.rectangle)(box, fill=color)
    return pil.filter(ImageFilter.GaussianBlur(1))


def main():
    images = os.path.join(OUT, "images")
    os.makedirs(images, exist_ok=True)
    for i in range(int(sys.argv[1]) if len(sys.argv) > 1 else 200):
        path = os.path.join(images, f"photo{i:04d}.jpg")
        if not os.path.exists(path):
            photo(i).save(path, quality=90)
    model_dir = os.path.join(OUT, "resnet18")
    os.makedirs(model_dir, exist_ok=True)
    torch.manual_seed(0)
    m = torchvision.models.resnet18(weights=None)
    m.fc = torch.nn.Identity()
    m.eval()
    with torch.no_grad():
        torch.jit.trace(m, torch.zeros(2, 3, 224, 224)).save(os.path.join(model_dir, "model.pt"))
    with open(os.path.join(model_dir, "preprocessor_config.json"), "w") as f:
        json.dump({"do_resize": True, "size": {"shortest_edge": 256}, "resample": 2, "do_center_crop": True,
                   "crop_size": {"height": 224, "width": 224}, "do_rescale": True, "rescale_factor": 1 / 255,
                   "do_normalize": True, "image_mean": [0.485, 0.456, 0.406], "image_std": [0.229, 0.224, 0.225],
                   "embedkit_convention": "torchvision"}, f, indent=1)
    print("wrote", images, "and", model_dir)


if __name__ == "__main__":
    main()
