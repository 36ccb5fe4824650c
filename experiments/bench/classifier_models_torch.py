"""PyTorch reference for `deeper bench classify --pytorch`: each registered classifier of
@deeper/classify (`deeper classify models`) rebuilt layer for layer in PyTorch, and one
training step of it (forward, cross-entropy, backward, Adam 1e-3) timed on a random batch
of 28x28 grey images (Fashion-MNIST's shape), as the deeper side times it: warm-up steps
untimed, the median of the timed ones. Prints one JSON object per model and line:

  {"name": "classify-train-step", "model": "resnet20", "backend": "pytorch-cpu",
   "unit": "ms", "value": ..., "parameters": ..., "batch": ..., "threads": ..., ...}

`parameters` counts trainable parameters (batch norm's running statistics are buffers in
PyTorch), to compare with deeper's trainable count: equal counts say the twins match.

The networks (see packages/classify/src/models/ and deep-cnn.ts for the sources):
  deep-cnn   Saito ch. 8 (experiments/bench/textbook_cnn_torch.py's textbook_cnn)
  vgg        three stages of two 3x3 conv-BN-ReLU (32, 64, 128) + 2x2 max-pool, dense 256, dropout 0.5
  resnet20   3x3 conv-BN-ReLU 16, three stages of three basic blocks (16, 32, 64; 1x1
             conv-BN projection where the shape changes), global average pool, dense 10
  inception  3x3 conv-BN-ReLU 64, max-pool 2, inception 3a, 3b (half GoogLeNet's channels,
             BN in every conv), 3x3/2 max-pool, 4a, global average pool, dropout 0.4, dense 10
  mlp        dense 256, dense 128 (ReLU), dense 10

Convolutions followed by batch norm have no bias, as in @deeper/core's convBnRelu; batch
norm uses Keras's epsilon 1e-3 and momentum 0.99 (PyTorch's momentum=0.01).

BLAS: Debian's PyTorch calls whichever libblas.so.3 the alternatives system names; without
libopenblas0 installed that is the reference BLAS, and PyTorch's dense layers (matrix
products) run several times slower there (its convolutions go through oneDNN and do not
use it). Every line says which BLAS was loaded ("blas"); --blas-dir DIR runs on the
libblas.so.3 in DIR (e.g. OpenBLAS unpacked without installing it, as
experiments/bench/dcgan_torch.py explains). OpenMP workers sleep instead of spinning
(OMP_WAIT_POLICY=PASSIVE) so that they do not fight the threads of a shared machine.

Run: python3 experiments/bench/classifier_models_torch.py [--models deep-cnn,resnet20]
     [--threads 1] [--steps 5] [--warmup 2] [--batch-size 100] [--blas-dir DIR]
(Debian: apt-get install python3-torch.)
"""
import argparse
import json
import os
import sys


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", default="deep-cnn,vgg,resnet20,inception,mlp")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--blas-dir", help="a folder whose libblas.so.3 PyTorch should load (re-runs this script with it first on LD_LIBRARY_PATH)")
    return parser.parse_args()


from torch_blas import loaded_blas, median_step_seconds, use_blas  # noqa: E402  (this folder, beside the script)

ARGS = parse_args()
use_blas("classifier_models_torch.py", ARGS.blas_dir, ARGS.threads)

import torch  # noqa: E402  (after the environment above, which the libraries read when they load)
from torch import nn  # noqa: E402

from textbook_cnn_torch import textbook_cnn  # noqa: E402




def conv_bn_relu(cin: int, cout: int, kernel: int, stride: int = 1, relu: bool = True) -> nn.Sequential:
    """@deeper/core convBnRelu: conv without bias ('same' padding), batch norm, optional ReLU."""
    layers = [nn.Conv2d(cin, cout, kernel, stride=stride, padding=kernel // 2, bias=False),
              nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01)]
    if relu:
        layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def vgg(stages=(32, 64, 128), convs=2, dense=256, classes=10) -> nn.Sequential:
    layers, cin, side = [], 1, 28
    for cout in stages:
        for _ in range(convs):
            layers.append(conv_bn_relu(cin, cout, 3))
            cin = cout
        layers.append(nn.MaxPool2d(2))
        side //= 2
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(cin * side * side, dense), nn.ReLU(), nn.Dropout(0.5),
                         nn.Linear(dense, classes))


class BasicBlock(nn.Module):
    """@deeper/core residualBlock kind 'basic': two 3x3 conv-BN (ReLU after the first), a
    1x1 conv-BN projection when stride or channels change (option B), add, ReLU."""

    def __init__(self, cin: int, cout: int, stride: int):
        super().__init__()
        self.a = conv_bn_relu(cin, cout, 3, stride)
        self.b = conv_bn_relu(cout, cout, 3, relu=False)
        self.shortcut = nn.Identity() if stride == 1 and cin == cout else conv_bn_relu(cin, cout, 1, stride, relu=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(self.b(self.a(x)) + self.shortcut(x))


def resnet(blocks_per_stage: int = 3, stages=(16, 32, 64), classes=10) -> nn.Sequential:
    layers, cin = [conv_bn_relu(1, stages[0], 3)], stages[0]
    for s, cout in enumerate(stages):
        for b in range(blocks_per_stage):
            layers.append(BasicBlock(cin, cout, 2 if s > 0 and b == 0 else 1))
            cin = cout
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, classes))


class Inception(nn.Module):
    """@deeper/core inceptionBlock with batch norm: 1x1 | 1x1 -> 3x3 | 1x1 -> 5x5 | 3x3 max-pool -> 1x1, concatenated."""

    def __init__(self, cin: int, f1: int, r3: int, f3: int, r5: int, f5: int, fp: int):
        super().__init__()
        self.b1 = conv_bn_relu(cin, f1, 1)
        self.b3 = nn.Sequential(conv_bn_relu(cin, r3, 1), conv_bn_relu(r3, f3, 3))
        self.b5 = nn.Sequential(conv_bn_relu(cin, r5, 1), conv_bn_relu(r5, f5, 5))
        self.bp = nn.Sequential(nn.MaxPool2d(3, 1, padding=1), conv_bn_relu(cin, fp, 1))
        self.channels = f1 + f3 + f5 + fp

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([self.b1(x), self.b3(x), self.b5(x), self.bp(x)], dim=1)


def inception(classes=10) -> nn.Sequential:
    # Half of GoogLeNet's 3a, 3b, 4a (packages/classify/src/models/inception-net.ts).
    m3a = Inception(64, 32, 48, 64, 8, 16, 16)
    m3b = Inception(m3a.channels, 64, 64, 96, 16, 48, 32)
    m4a = Inception(m3b.channels, 96, 48, 104, 8, 24, 32)
    return nn.Sequential(conv_bn_relu(1, 64, 3), nn.MaxPool2d(2), m3a, m3b, nn.MaxPool2d(3, 2, padding=1), m4a,
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.4), nn.Linear(m4a.channels, classes))


def mlp(hidden=(256, 128), classes=10) -> nn.Sequential:
    layers, cin = [nn.Flatten()], 28 * 28
    for units in hidden:
        layers += [nn.Linear(cin, units), nn.ReLU()]
        cin = units
    return nn.Sequential(*layers, nn.Linear(cin, classes))


MODELS = {"deep-cnn": textbook_cnn, "vgg": vgg, "resnet20": resnet, "inception": inception, "mlp": mlp}


def main() -> None:
    args = ARGS
    torch.set_num_threads(args.threads)
    for name in args.models.split(","):
        if name not in MODELS:
            raise SystemExit(f"classifier_models_torch.py expects --models among {', '.join(MODELS)}, but received {name!r}")
        torch.manual_seed(0)
        model = MODELS[name]()
        model.train()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        loss_fn = nn.CrossEntropyLoss()
        x = torch.rand(args.batch_size, 1, 28, 28)
        y = torch.randint(0, 10, (args.batch_size,))

        def step() -> None:
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            loss.item()

        seconds = median_step_seconds(step, args.warmup, args.steps)
        parameters = sum(p.numel() for p in model.parameters() if p.requires_grad)
        print(json.dumps({"name": "classify-train-step", "model": name, "backend": "pytorch-cpu", "unit": "ms",
                          "value": round(1000 * seconds, 2), "parameters": parameters,
                          "batch": args.batch_size, "threads": torch.get_num_threads(), "steps": args.steps,
                          "warmup": args.warmup, "torch": torch.__version__, "blas": loaded_blas()}), flush=True)


if __name__ == "__main__":
    main()
