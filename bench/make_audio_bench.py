#!/usr/bin/python3
"""Makes bench/out/clips (12 speech-like clips of 2-12 s at 22.05/44.1/48 kHz, from espeak-ng) and
bench/out/wav2vec2-base: torchaudio's wav2vec2_base() with random weights (no download), traced to TorchScript
returning the (N, T, 768) hidden states, with a Wav2Vec2FeatureExtractor preprocessor_config.json.
Run with Debian's interpreter: /usr/bin/python3 bench/make_audio_bench.py"""
import json
import os
import subprocess

import torch
import torchaudio

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out")
TEXTS = ["Embeddings turn sound into vectors.", "The quick brown fox jumps over the lazy dog.",
         "Search engines find similar clips in a large collection of recordings made over many years.",
         "One two three four five six seven eight nine ten."]


class Hidden(torch.nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, x):
        return self.m(x)[0]


def main():
    clips = os.path.join(OUT, "clips")
    os.makedirs(clips, exist_ok=True)
    for i in range(12):
        path = os.path.join(clips, f"clip{i:02d}.wav")
        if os.path.exists(path):
            continue
        raw = path + ".raw.wav"
        text = " ".join(TEXTS[(i + k) % len(TEXTS)] for k in range(1 + i % 3))
        subprocess.run(["espeak-ng", "-w", raw, text], check=True)
        rate = [22050, 44100, 48000][i % 3]
        subprocess.run(["sox", "-D", raw, "-r", str(rate), path], check=True)
        os.remove(raw)
    model_dir = os.path.join(OUT, "wav2vec2-base")
    os.makedirs(model_dir, exist_ok=True)
    torch.manual_seed(0)
    m = torchaudio.models.wav2vec2_base()
    torch.nn.utils.remove_weight_norm(m.encoder.transformer.pos_conv_embed.conv)
    model = Hidden(m).eval()
    with torch.no_grad():
        torch.jit.trace(model, torch.zeros(1, 16000)).save(os.path.join(model_dir, "model.pt"))
    with open(os.path.join(model_dir, "preprocessor_config.json"), "w") as f:
        json.dump({"feature_extractor_type": "Wav2Vec2FeatureExtractor", "sampling_rate": 16000, "do_normalize": True,
                   "padding_value": 0.0}, f)
    print("wrote", clips, "and", model_dir)


if __name__ == "__main__":
    main()
