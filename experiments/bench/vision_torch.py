"""PyTorch twins for `deeper vision bench --pytorch`: the default model of each @deeper/vision
task and its training step, timed the same way as ours (warm-up steps untimed, the median
of the timed ones). Prints one JSON line, like `deeper vision bench --json`.

  segment  FCN-8s (packages/vision/src/segment/fcn8s.ts): input 64x84x1 zero-padded to 64x96;
           five VGG stages of 16, 32, 64, 128, 128 filters, two 3x3 conv-BN-ReLU each, 2x2 max
           pool; fc6 a 2x2 conv of 256 (pool5 is 2x3), fc7 1x1 of 256, both with BN and ReLU;
           1x1 score layers (11 classes) on fc7, pool4, pool3; learnt 2x transposed convs
           (kernel 4), a fixed 8x one (kernel 16); per-pixel softmax cross-entropy; batch 16.
  ssd      the single-shot detector (ssd.ts): input 128x128x1; four VGG stages of 16, 32, 64,
           128 filters (two conv-BN-ReLU each, max pool); on the stride-8 and stride-16 maps a
           3x3 conv-BN-ReLU (64, 128) then a 3x3 conv to 6 boxes x (11 + 4); 1,920 boxes;
           MultiBox loss with 3:1 hard negatives (multibox-loss.ts); batch 16.
  caption  NIC (nic.ts): input 64x64x3; three VGG stages of 16, 32, 64 filters (one
           conv-BN-ReLU, max pool), flattened (or averaged: --image-pooling average) into a
           64-wide image embedding, the first input of an LSTM of 128 units fed 64-wide word
           embeddings; a linear layer to the vocabulary at every step; masked cross-entropy;
           batch 32.
  style    Gatys et al. on the random styleNet (style-net.ts): 64x64x3 image, three stages of
           32, 64, 128 filters (two 3x3 conv-ReLU each, 2x2 average pool between stages);
           content at the last conv, Gram style losses at each stage's first; TV; weights 1,
           1e4, 1; Adam at 0.02 on the image, clipped to [0, 1] after each step; the four
           loss values read back each step, as styleTransfer reads them for its events.

Each line carries the model's parameter count as Keras counts it (batch norm's moving
statistics included); NIC's is 512 above ours because PyTorch's LSTM has two bias vectors.
Every step ends by reading back the loss (and what ours reads: the segmentation's right
pixels, the captioner's right words, the detector's matched boxes), as our loop does.
Inputs are random with the real shapes; the detector's labels put --matched-per-image
matched boxes on each image at random anchors. Keras's batch-norm epsilon (1e-3) and
momentum (0.99) are kept. Threads, BLAS and OpenMP waiting as in torch_blas.py.

Run: /usr/bin/python3 experiments/bench/vision_torch.py --task segment|ssd|caption|style
     [--threads 1] [--batches 8] [--warmup 2] [--blas-dir DIR]
"""
import argparse
import json
import os
import statistics
import sys


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--task", required=True, choices=["segment", "ssd", "caption", "style"])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batches", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--matched-per-image", type=float, default=12.0, help="ssd: matched default boxes per image")
    parser.add_argument("--vocabulary", type=int, default=25, help="caption: words, the special tokens included")
    parser.add_argument("--max-length", type=int, default=39, help="caption: word positions fed")
    parser.add_argument("--image-pooling", default="flatten", choices=["flatten", "average"])
    parser.add_argument("--blas-dir", help="a folder whose libblas.so.3 PyTorch should load")
    return parser.parse_args()


from torch_blas import loaded_blas, median_step_seconds, use_blas, warn_unless_openblas  # noqa: E402  (this folder, beside the script)

ARGS = parse_args()
use_blas("vision_torch.py", ARGS.blas_dir, ARGS.threads)

import torch  # noqa: E402
from torch import nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


def conv_bn_relu(cin: int, cout: int, kernel: int = 3, padding="same") -> list[nn.Module]:
    return [nn.Conv2d(cin, cout, kernel, padding=padding, bias=False), nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01), nn.ReLU()]


def vgg_stage(cin: int, cout: int, convs: int) -> nn.Sequential:
    layers: list[nn.Module] = []
    for i in range(convs):
        layers += conv_bn_relu(cin if i == 0 else cout, cout)
    return nn.Sequential(*layers, nn.MaxPool2d(2))


class Fcn8s(nn.Module):
    def __init__(self, classes: int = 11) -> None:
        super().__init__()
        filters = [16, 32, 64, 128, 128]
        self.stages = nn.ModuleList(vgg_stage(cin, cout, 2) for cin, cout in zip([1] + filters[:-1], filters))
        self.fc = nn.Sequential(*conv_bn_relu(128, 256, 2), *conv_bn_relu(256, 256, 1))
        self.score_fr = nn.Conv2d(256, classes, 1)
        self.score_pool4 = nn.Conv2d(128, classes, 1)
        self.score_pool3 = nn.Conv2d(64, classes, 1)
        self.up2 = nn.ConvTranspose2d(classes, classes, 4, stride=2, padding=1)
        self.up_pool4 = nn.ConvTranspose2d(classes, classes, 4, stride=2, padding=1)
        self.up8 = nn.ConvTranspose2d(classes, classes, 16, stride=8, padding=4)
        self.up8.requires_grad_(False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.pad(x, (6, 6, 0, 0))
        pools = []
        for stage in self.stages:
            x = stage(x)
            pools.append(x)
        fuse4 = self.up2(self.score_fr(self.fc(x))) + self.score_pool4(pools[3])
        fuse3 = self.up_pool4(fuse4) + self.score_pool3(pools[2])
        return self.up8(fuse3)[:, :, :, 6:90]


class Ssd(nn.Module):
    def __init__(self, classes: int = 10, boxes_per_cell: int = 6) -> None:
        super().__init__()
        filters = [16, 32, 64, 128]
        self.stages = nn.ModuleList(vgg_stage(cin, cout, 2) for cin, cout in zip([1] + filters[:-1], filters))
        self.channels = classes + 1 + 4
        self.heads = nn.ModuleList(
            nn.Sequential(*conv_bn_relu(f, f), nn.Conv2d(f, boxes_per_cell * self.channels, 3, padding=1)) for f in (64, 128))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        maps = []
        for stage in self.stages:
            x = stage(x)
            maps.append(x)
        out = [head(m).permute(0, 2, 3, 1).reshape(x.shape[0], -1, self.channels) for head, m in zip(self.heads, maps[2:])]
        return torch.cat(out, 1)


def smooth_l1(x: torch.Tensor) -> torch.Tensor:
    ax = x.abs()
    m = ax.clamp(max=1)
    return 0.5 * m * m + ax - m


def multibox_loss(outputs: torch.Tensor, labels: torch.Tensor, offsets: torch.Tensor, ratio: int = 3) -> tuple[torch.Tensor, int]:
    classes = outputs.shape[2] - 4
    conf = F.cross_entropy(outputs[..., :classes].reshape(-1, classes), labels.reshape(-1), reduction="none").reshape(labels.shape)
    positive = labels > 0
    select = positive.clone()
    with torch.no_grad():
        mined = conf.detach().masked_fill(positive, -1.0)
        order = mined.argsort(1, descending=True)
        for b in range(labels.shape[0]):
            k = min(int(positive[b].sum()) * ratio, int((~positive[b]).sum()))
            select[b, order[b, :k]] = True
    positives = int(positive.sum())
    loc = smooth_l1(outputs[..., classes:] - offsets).sum(-1)
    return ((conf * select).sum() + (loc * positive).sum()) / positives, positives


class Nic(nn.Module):
    def __init__(self, vocabulary: int, pooling: str) -> None:
        super().__init__()
        filters = [16, 32, 64]
        self.cnn = nn.Sequential(*(vgg_stage(cin, cout, 1) for cin, cout in zip([3] + filters[:-1], filters)))
        self.pooling = pooling
        self.image_embedding = nn.Linear(64 * 8 * 8 if pooling == "flatten" else 64, 64)
        self.word_embedding = nn.Embedding(vocabulary, 64)
        self.lstm = nn.LSTM(64, 128, batch_first=True)
        self.logits = nn.Linear(128, vocabulary)

    def forward(self, images: torch.Tensor, words: torch.Tensor) -> torch.Tensor:
        f = self.cnn(images)
        f = f.flatten(1) if self.pooling == "flatten" else f.mean((2, 3))
        sequence = torch.cat([self.image_embedding(f)[:, None], self.word_embedding(words)], 1)
        return self.logits(self.lstm(sequence)[0])


class StyleNet(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        filters = [32, 64, 128]
        self.convs = nn.ModuleList()
        cin = 3
        for f in filters:
            self.convs.append(nn.ModuleList([nn.Conv2d(cin, f, 3, padding=1), nn.Conv2d(f, f, 3, padding=1)]))
            cin = f

    def forward(self, x: torch.Tensor) -> list[torch.Tensor]:
        outputs = []
        for i, stage in enumerate(self.convs):
            if i > 0:
                x = F.avg_pool2d(x, 2)
            for conv in stage:
                x = F.relu(conv(x))
                outputs.append(x)
        return outputs


def gram(f: torch.Tensor) -> torch.Tensor:
    f = f.reshape(f.shape[1], -1)
    return f @ f.t()


def make_step(args: argparse.Namespace):
    """The task's model and a function doing one training step; its batch size."""
    g = torch.Generator().manual_seed(0)
    if args.task == "segment":
        model, n = Fcn8s(), 16
        x = torch.rand(n, 1, 64, 84, generator=g)
        mask = torch.randint(0, 11, (n, 64, 84), generator=g)
        opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-3)

        def step() -> None:
            opt.zero_grad()
            logits = model(x)
            loss = F.cross_entropy(logits, mask)
            loss.backward()
            opt.step()
            loss.item()
            (logits.argmax(1) == mask).sum().item()
        return model, step, n
    if args.task == "ssd":
        model, n = Ssd(), 16
        x = torch.rand(n, 1, 128, 128, generator=g)
        labels = torch.zeros(n, 1920, dtype=torch.long)
        matched = max(1, round(args.matched_per_image))
        for b in range(n):
            labels[b, torch.randperm(1920, generator=g)[:matched]] = torch.randint(1, 11, (matched,), generator=g)
        offsets = torch.randn(n, 1920, 4, generator=g)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)

        def step() -> None:
            opt.zero_grad()
            outputs = model(x)
            loss, _ = multibox_loss(outputs, labels, offsets)
            loss.backward()
            opt.step()
            loss.item()
            ((outputs[..., :11].argmax(-1) == labels) & (labels > 0)).sum().item()
        return model, step, n
    if args.task == "caption":
        model, n, length = Nic(args.vocabulary, args.image_pooling), 32, args.max_length
        images = torch.rand(n, 3, 64, 64, generator=g)
        words = torch.randint(4, args.vocabulary, (n, length), generator=g)
        targets = torch.randint(4, args.vocabulary, (n, length), generator=g)
        lengths = torch.randint(length // 3, length, (n,), generator=g)
        targets[torch.arange(length)[None] >= lengths[:, None]] = 0
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)

        def step() -> None:
            opt.zero_grad()
            logits = model(images, words)[:, 1:]
            mask = (targets != 0).float()
            nll = F.cross_entropy(logits.reshape(-1, args.vocabulary), targets.reshape(-1), reduction="none").reshape(targets.shape)
            loss = (nll * mask).sum() / mask.sum().clamp(min=1)
            loss.backward()
            opt.step()
            loss.item()
            ((logits.argmax(-1) == targets).float() * mask).sum().item()
        return model, step, n
    model = StyleNet()
    model.requires_grad_(False)
    content, style = torch.rand(1, 3, 64, 64, generator=g), torch.rand(1, 3, 64, 64, generator=g)
    with torch.no_grad():
        p = model(content)[-1]
        grams = [gram(f) for f in model(style)[0::2]]
    image = content.clone().requires_grad_(True)
    opt = torch.optim.Adam([image], lr=0.02)

    def step() -> None:
        opt.zero_grad()
        fx = model(image)
        lc = 0.5 * ((fx[-1] - p) ** 2).sum()
        ls = sum(((gram(f) - t) ** 2).sum() / (4 * f.shape[1] ** 2 * (f.numel() / f.shape[1]) ** 2) for f, t in zip(fx[0::2], grams)) / 3
        lt = ((image[:, :, 1:] - image[:, :, :-1]) ** 2).sum() + ((image[:, :, :, 1:] - image[:, :, :, :-1]) ** 2).sum()
        loss = lc + 1e4 * ls + lt
        loss.backward()
        opt.step()
        with torch.no_grad():
            image.clamp_(0, 1)
        for v in (loss, lc, ls, lt):
            v.item()
    return model, step, 1


def main() -> None:
    args = ARGS
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model, step, n = make_step(args)
    model.train(args.task != "style")
    blas = loaded_blas()
    warn_unless_openblas("vision_torch.py", blas, "its convolutions are")
    # Counted as Keras counts them: weights plus batch norm's moving statistics.
    parameters = sum(p.numel() for p in model.parameters()) + sum(b.numel() for name, b in model.named_buffers() if "running" in name)
    seconds = median_step_seconds(step, args.warmup, args.batches)
    print(json.dumps({"name": f"vision-{args.task}-train", "backend": "pytorch-cpu", "unit": "steps/s" if args.task == "style" else "images/s",
                      "value": round(n / seconds, 2), "batch": n, "parameters": parameters, "threads": torch.get_num_threads(),
                      "batches": args.batches, "warmup": args.warmup, "torch": torch.__version__, "blas": blas,
                      "omp_wait_policy": os.environ["OMP_WAIT_POLICY"]}), flush=True)


if __name__ == "__main__":
    main()
