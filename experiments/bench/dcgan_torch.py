"""PyTorch reference for `deeper bench dcgan --pytorch`: the 28x28 DCGAN of the TensorFlow
DCGAN tutorial, the same training step as deeper's ganStep (one Adam update of D on a real
and a generated minibatch, then one of G with the non-saturating loss) and the same sampling
pass, timed the same way (warm-up batches untimed, median of the timed ones). Prints one
JSON object per line, like `deeper bench dcgan --json`.

Generator: dense 7*7*256 (no bias), BN, LeakyReLU; convT 128 5x5 stride 1, BN, LeakyReLU;
convT 64 5x5 stride 2, BN, LeakyReLU; convT 1 5x5 stride 2, tanh (no biases, 'same' padding).
Discriminator: conv 64 5x5 stride 2, LeakyReLU, dropout 0.3; conv 128 5x5 stride 2,
LeakyReLU, dropout 0.3; dense 1. Adam 1e-4 for both (the tutorial's).

The issue's baseline is PyTorch 1.13 on OpenBLAS. Debian's python3-torch calls whatever
libblas.so.3 the alternatives system names, and without libopenblas0 installed that is the
reference (netlib) BLAS, single-threaded and unblocked: there, the transposed convolutions
(im2col + BLAS gemm in 1.13, no oneDNN path) made training 5-10x slower and sampling 6x
slower than on OpenBLAS. So this script reports the BLAS it loaded ("blas" in every line,
with a warning on stderr for the reference one), and --blas-dir DIR runs it on the
libblas.so.3 in DIR (for example OpenBLAS unpacked without installing it:
apt-get download libopenblas0-pthread && dpkg-deb -x libopenblas0-pthread_*.deb x, then
--blas-dir x/usr/lib/x86_64-linux-gnu/openblas-pthread).

Threads: torch.set_num_threads sets the OpenMP threads; OpenBLAS's own pool is sized here
too (OPENBLAS_NUM_THREADS, read when the library loads). OMP_WAIT_POLICY defaults to
PASSIVE: with GNU OpenMP's default spin-waiting, an idle OpenMP worker competed with the
OpenBLAS threads for the two cores, and one 1.13 transposed-convolution backward pass took
1.4 s instead of 0.1 s under load. Both are set before torch is imported and can be
overridden from the environment.

Run: python3 experiments/bench/dcgan_torch.py [--threads 2] [--batches 5] [--warmup 2]
     [--batch-size 64] [--blas-dir DIR]   (Debian: apt-get install python3-torch.)
"""
import argparse
import json
import os
import sys




def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--blas-dir", help="a folder whose libblas.so.3 PyTorch should load (re-runs this script with it first on LD_LIBRARY_PATH)")
    return parser.parse_args()


from torch_blas import loaded_blas, median_step_seconds, use_blas, warn_unless_openblas  # noqa: E402  (this folder, beside the script)

ARGS = parse_args()
use_blas("dcgan_torch.py", ARGS.blas_dir, ARGS.threads)

import torch  # noqa: E402  (after the environment above, which the libraries read when they load)
from torch import nn  # noqa: E402


def generator() -> nn.Module:
    # padding/output_padding give TensorFlow's 'same' output sizes: 7 -> 7 -> 14 -> 28.
    return nn.Sequential(
        nn.Linear(100, 7 * 7 * 256, bias=False), nn.BatchNorm1d(7 * 7 * 256), nn.LeakyReLU(0.3),
        nn.Unflatten(1, (256, 7, 7)),
        nn.ConvTranspose2d(256, 128, 5, stride=1, padding=2, bias=False), nn.BatchNorm2d(128), nn.LeakyReLU(0.3),
        nn.ConvTranspose2d(128, 64, 5, stride=2, padding=2, output_padding=1, bias=False), nn.BatchNorm2d(64), nn.LeakyReLU(0.3),
        nn.ConvTranspose2d(64, 1, 5, stride=2, padding=2, output_padding=1, bias=False), nn.Tanh(),
    )


def discriminator() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 64, 5, stride=2, padding=2), nn.LeakyReLU(0.3), nn.Dropout(0.3),
        nn.Conv2d(64, 128, 5, stride=2, padding=2), nn.LeakyReLU(0.3), nn.Dropout(0.3),
        nn.Flatten(), nn.Linear(128 * 7 * 7, 1),
    )


def main() -> None:
    args = ARGS
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    g, d = generator(), discriminator()
    g_opt = torch.optim.Adam(g.parameters(), lr=1e-4)
    d_opt = torch.optim.Adam(d.parameters(), lr=1e-4)
    bce = nn.BCEWithLogitsLoss()
    real = torch.rand(args.batch_size, 1, 28, 28) * 2 - 1
    ones = torch.ones(args.batch_size, 1)
    zeros = torch.zeros(args.batch_size, 1)

    def train_step() -> None:
        z = torch.randn(args.batch_size, 100)
        with torch.no_grad():
            fake = g(z)
        d_opt.zero_grad()
        d_loss = bce(d(real), ones) + bce(d(fake), zeros)
        d_loss.backward()
        d_opt.step()
        g_opt.zero_grad()
        g_loss = bce(d(g(z)), ones)
        g_loss.backward()
        g_opt.step()
        d_loss.item()
        g_loss.item()

    def sample_step() -> None:
        with torch.no_grad():
            g(torch.randn(args.batch_size, 100)).sum().item()

    torch.ones(2, 2) @ torch.ones(2, 2)  # loads the BLAS, if nothing above did
    blas = loaded_blas()
    warn_unless_openblas("dcgan_torch.py", blas, "its transposed convolutions are")
    common = {"batch": args.batch_size, "threads": torch.get_num_threads(), "batches": args.batches,
              "warmup": args.warmup, "torch": torch.__version__, "blas": blas,
              "omp_wait_policy": os.environ["OMP_WAIT_POLICY"]}
    for name, step, train in (("dcgan-train", train_step, True), ("dcgan-sample", sample_step, False)):
        g.train(train)
        d.train(train)
        value = args.batch_size / median_step_seconds(step, args.warmup, args.batches)
        print(json.dumps({"name": name, "backend": "pytorch-cpu", "unit": "images/s", "value": round(value, 2), **common}),
              flush=True)


if __name__ == "__main__":
    main()
