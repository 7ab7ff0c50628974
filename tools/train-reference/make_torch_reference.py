#!/usr/bin/env python3
"""PyTorch reference gradients and AdamW steps for phi4j's training code.

Loads the checkpoint that phi4j wrote (phi4j-train/src/test/resources/torch-reference: model.safetensors +
config.json, made by io.phi4j.train.TorchReferenceFixture) into transformers' PhiForCausalLM and, on the fixed
batch in batch.json:

  1. float64 (except the attention softmax, which transformers' eager attention computes in float32 whatever
     the model's dtype): mean cross-entropy of the logits against the targets, loss.backward(); every parameter's
     gradient -> torch-grads.safetensors (stored as float32; the float64 values rounded once), loss ->
     torch-reference.json.
  2. float32, model.train() (dropout rates are 0 in the config): the AdamW steps phi4j's trainer takes -
     torch.optim.AdamW(foreach=False) with weight decay on the 2-D weights only, clip_grad_norm_ to `clip`,
     one step per learning rate in `lrs`, all on the same batch. Losses and gradient norms of each step ->
     torch-reference.json, parameters after the last step -> torch-adamw.safetensors.

Run with a Python that has torch, transformers and safetensors (e.g. /work/.cache/hfvenv/bin/python):
  python tools/train-reference/make_torch_reference.py phi4j-train/src/test/resources/torch-reference
"""
import json
import sys

import torch
import torch.nn.functional as F
import transformers
from safetensors.torch import save_file
from transformers import PhiForCausalLM


def load(d, dtype):
    model = PhiForCausalLM.from_pretrained(d, dtype=dtype, attn_implementation="eager")
    return model


def loss_of(model, x, y, vocab):
    logits = model(input_ids=x).logits
    return F.cross_entropy(logits.reshape(-1, vocab), y.reshape(-1))


def main(d):
    batch = json.load(open(f"{d}/batch.json"))
    b, t = batch["batch"], batch["seq"]
    x = torch.tensor(batch["tokens"], dtype=torch.long).view(b, t)
    y = torch.tensor(batch["targets"], dtype=torch.long).view(b, t)

    model = load(d, torch.float64).eval()
    vocab = model.config.vocab_size
    loss = loss_of(model, x, y, vocab)
    loss.backward()
    grads = {n: p.grad.detach().to(torch.float32).contiguous() for n, p in model.named_parameters()}
    save_file(grads, f"{d}/torch-grads.safetensors")
    loss64 = loss.item()

    a = batch["adamw"]
    model = load(d, torch.float32).train()
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": a["weight_decay"]},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=a["lrs"][0], betas=tuple(a["betas"]), eps=a["eps"], foreach=False)
    losses, norms = [], []
    for lr in a["lrs"]:
        for g in opt.param_groups:
            g["lr"] = lr
        opt.zero_grad()
        loss = loss_of(model, x, y, vocab)
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), a["clip"], foreach=False)
        opt.step()
        losses.append(loss.item())
        norms.append(norm.item())
    save_file({n: p.detach().contiguous() for n, p in model.named_parameters()}, f"{d}/torch-adamw.safetensors")

    out = {"loss_float64": loss64, "adamw_losses": losses, "adamw_grad_norms": norms,
           "versions": {"torch": torch.__version__, "transformers": transformers.__version__}}
    with open(f"{d}/torch-reference.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
