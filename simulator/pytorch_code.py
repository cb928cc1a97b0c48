"""The fixed pieces of the exported PyTorch script, as text (see pytorch_export).

Each piece is what the engine computes, written the way PyTorch says it: the activations, the
losses with the engine's averaging and clipping, and the helpers that print every number under
the trace's keys.
"""

# How a layer's activation reads in PyTorch; {z} is the weighted sum, {alpha} the layer's alpha.
ACTIVATION_CODE = {
    "linear": "{z}",
    "sigmoid": "torch.sigmoid({z})",
    "tanh": "torch.tanh({z})",
    "relu": "torch.relu({z})",
    "leaky_relu": "F.leaky_relu({z}, negative_slope={alpha})",
    "prelu": "torch.where({z} > 0, {z}, {alpha} * {z})",  # torch.nn.PReLU's formula
    "elu": "F.elu({z}, alpha={alpha})",
    "swish": "F.silu({z})",  # swish is z * sigmoid(z), which PyTorch calls SiLU
    "softmax": "torch.softmax({z}, dim=1)",
}
LOSS_CODE = {
    "mse": "((y - a) ** 2).mean(dim=1)  # mse: mean over the outputs",
    "bce": "-(y * torch.log(clip(a)) + (1 - y) * torch.log(1 - clip(a))).mean(dim=1)  # bce",
    "cce": "-(y * torch.log(clip(a))).sum(dim=1)  # cce: summed over the classes",
}
# torch.optim's names for the engine's running averages.
TORCH_STATE = {"rmsprop": {"s": "square_avg"}, "adam": {"m": "exp_avg", "v": "exp_avg_sq"}}

PARAMETER = '''
def parameter(values):
    """A tensor autograd tracks, like the weight and bias inside torch.nn.Linear."""
    return torch.nn.Parameter(torch.tensor(values))
'''

SHOW = '''
def show(name, values, *layer, sample=None, state=None):
    """Print every element of `values` under the simulator's 1-based key, e.g. W[2,1,2]."""
    values = values.detach()
    for index in itertools.product(*map(range, values.shape)):
        numbers = [*layer, *(i + 1 for i in index)]
        key = f"{name}[{','.join(map(str, numbers))}]" if numbers else name
        key = f"{state}({key})" if state else key
        where = f" (sample {sample})" if sample else ""
        print(f"{key}{where} = {values[index].item()!r}")
'''

CLIP = '''
def clip(a):
    """The output as the simulator takes its logs: clipped EPS away from 0 and 1, with the
    gradient passed straight through (the simulator's dL/da is its formula at the clipped a)."""
    return a + (a.clamp(EPS, 1 - EPS) - a).detach()
'''

PRINT_ITERATION = """
zs, activations = forward(x)
a = activations[-1]  # the output layer
losses = {loss}
loss = losses.mean()  # then the mean over the batch
# Each sample's loss depends only on its own row, so the gradients of their sum are each
# sample's own dL/dz and dL/da, as the simulator shows them sample by sample.
grad_z = torch.autograd.grad(losses.sum(), zs, retain_graph=True)
grad_a = torch.autograd.grad(losses.sum(), activations, retain_graph=True)
loss.backward()  # every parameter's .grad: the gradient the update uses (the batch mean)

samples = [None] if len(x) == 1 else range(1, len(x) + 1)
for s, sample in enumerate(samples):
    for layer, (z, a) in enumerate(zip(zs, activations, strict=True), start=1):
        show("z", z[s], layer, sample=sample)
        show("a", a[s], layer, sample=sample)
    show("L", losses[s], sample=sample)
    for layer in range(len(zs), 0, -1):
        show("dL/da", grad_a[layer - 1][s], layer, sample=sample)
        show("dL/dz", grad_z[layer - 1][s], layer, sample=sample)
        if sample:  # this sample's own gradients; the update uses their mean, printed below
            below = x if layer == 1 else activations[layer - 2]  # what the weights multiply
            show("dL/dW", torch.outer(grad_z[layer - 1][s], below[s]), layer, sample=sample)
            show("dL/db", grad_z[layer - 1][s], layer, sample=sample){alpha}
for (name, layer), p in parameters.items():
    show(f"dL/d{{name}}", p.grad, layer)
"""
