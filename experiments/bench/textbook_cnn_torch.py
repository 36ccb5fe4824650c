"""PyTorch reference for `deeper bench core --pytorch`: the same textbook deep CNN, the
same training step (forward, cross-entropy, backward, Adam 1e-3) and inference pass on
random 28x28 inputs, timed the same way (warm-up batches untimed, median of the timed
ones). Prints one JSON object per line, like `deeper bench core --json`.

The network is @deeper/classify's deepCnn (Saito, "Deep Learning from Scratch", ch. 8):
conv 3x3 16, conv 16 (padding 1), max-pool 2; conv 32 (padding 1), conv 32 (padding 2),
max-pool 2; conv 64, conv 64 (padding 1), max-pool 2; dense 50 ReLU, dropout 0.5,
dense 10, dropout 0.5; He init.

Run: python3 experiments/bench/textbook_cnn_torch.py [--threads 2] [--batches 5]
     [--warmup 2] [--batch-size 100]
(Debian: apt-get install python3-torch, PyTorch 1.13 on OpenBLAS.)
"""
import argparse
import json

import torch
from torch import nn

from torch_blas import median_step_seconds  # this folder, beside the script


def textbook_cnn() -> nn.Sequential:
    def conv(cin: int, cout: int, padding: int) -> list:
        layer = nn.Conv2d(cin, cout, 3, padding=padding)
        nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
        nn.init.zeros_(layer.bias)
        return [layer, nn.ReLU()]

    return nn.Sequential(
        *conv(1, 16, 1), *conv(16, 16, 1), nn.MaxPool2d(2),
        *conv(16, 32, 1), *conv(32, 32, 2), nn.MaxPool2d(2),
        *conv(32, 64, 1), *conv(64, 64, 1), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 4 * 4, 50), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(50, 10), nn.Dropout(0.5),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=100)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = textbook_cnn()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(args.batch_size, 1, 28, 28)
    y = torch.randint(0, 10, (args.batch_size,))

    def train_step() -> None:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        loss.item()

    def infer_step() -> None:
        with torch.no_grad():
            model(x).sum().item()

    common = {"batch": args.batch_size, "threads": torch.get_num_threads(), "batches": args.batches,
              "warmup": args.warmup, "torch": torch.__version__}
    for name, step, train in (("deep-cnn-train", train_step, True), ("deep-cnn-infer", infer_step, False)):
        model.train(train)
        value = args.batch_size / median_step_seconds(step, args.warmup, args.batches)
        print(json.dumps({"name": name, "backend": "pytorch-cpu", "unit": "samples/s", "value": round(value, 2), **common}),
              flush=True)


if __name__ == "__main__":
    main()
