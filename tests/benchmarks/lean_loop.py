"""The training benchmark's peer: the same training written as lean as NumPy allows.

A tanh-tanh-sigmoid network with binary cross-entropy and Adam, written out for that network
alone: one flat parameter vector with a view per weight and bias, every array allocated once per
batch size, every operation in place, no lookups. It does the engine's work and no less (the
same seeded shuffle, the same clipped loss, sigmoid split by sign, each epoch's loss, accuracy
and mean |dL/dW|), in the same order of operations, so it ends with the same numbers bit for bit
and its time is what the engine's loop could cost at best.
"""

import numpy as np

EPSILON = 1e-15  # the engine's clipping of outputs away from 0 and 1


class LeanLoop:
    """Trains a 3-layer tanh, tanh, sigmoid network (bce, Adam) from the given parameters."""

    def __init__(self, sizes, parameters, batch_size, seed, learning_rate, betas=(0.9, 0.999)):
        self.sizes, self.batch_size, self.seed = tuple(sizes), batch_size, seed
        self.learning_rate, (self.beta1, self.beta2), self.eps = learning_rate, betas, 1e-8
        names = [f"{kind}{layer}" for layer in (1, 2, 3) for kind in ("W", "b")]
        self.theta = np.concatenate([np.ravel(parameters[name]) for name in names])
        self.grad, self.m, self.v = (np.zeros_like(self.theta) for _ in range(3))
        self.step_term, self.spare, self.abs_sum = (np.zeros_like(self.theta) for _ in range(3))
        self.W, self.b, self.gW, self.gb, self.weight_parts = [], [], [], [], []
        start = 0
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            end = start + fan_in * fan_out
            self.W.append(self.theta[start:end].reshape(fan_out, fan_in))
            self.gW.append(self.grad[start:end].reshape(fan_out, fan_in))
            self.weight_parts.append(slice(start, end))
            self.b.append(self.theta[end : end + fan_out])
            self.gb.append(self.grad[end : end + fan_out])
            start = end + fan_out
        self.step_count, self.epoch, self._arrays = 0, 0, {}

    def parameters(self) -> dict:
        """'W1', 'b1', ... -> copies, to compare with the engine's."""
        return {
            f"{kind}{layer}": np.array(arrays[layer - 1])
            for layer in (1, 2, 3)
            for kind, arrays in (("W", self.W), ("b", self.b))
        }

    def _buffers(self, n: int) -> dict:
        if n not in self._arrays:
            sizes, out = self.sizes, self.sizes[-1]
            self._arrays[n] = {
                "x": np.empty((n, sizes[0])),
                "y": np.empty((n, out)),
                "z": [np.empty((n, width)) for width in sizes[1:]],
                "a": [np.empty((n, width)) for width in sizes[1:]],
                "grad_a": [np.empty((n, width)) for width in sizes[1:]],
                "grad_z": [np.empty((n, width)) for width in sizes[1:]],
                "e": np.empty((n, out)),
                "d": np.empty((n, out)),
                "negative": np.empty((n, out), dtype=bool),
            }
        return self._arrays[n]

    def run_epoch(self, inputs: np.ndarray, targets: np.ndarray) -> tuple:
        """One epoch of mini-batches; (loss, accuracy, mean |dL/dW| per layer), as the engine."""
        n_samples = len(inputs)
        order = np.random.default_rng([self.seed, self.epoch]).permutation(n_samples)
        outputs = np.empty((n_samples, self.sizes[-1]))
        self.abs_sum.fill(0.0)
        batches = 0
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for start in range(0, n_samples, self.batch_size):
                rows = order[start : start + self.batch_size]
                outputs[start : start + len(rows)] = self._batch(inputs, targets, rows)
                batches += 1
        self.epoch += 1
        seen = targets[order]
        clipped = np.clip(outputs, EPSILON, 1.0 - EPSILON)
        terms = -(seen * np.log(clipped) + (1.0 - seen) * np.log(1.0 - clipped))
        loss = float(np.mean(terms, axis=-1).mean())
        accuracy = float(np.mean(np.all((outputs > 0.5) == (seen > 0.5), axis=1)))
        means = tuple(float(self.abs_sum[part].mean()) / batches for part in self.weight_parts)
        return loss, accuracy, means

    def _batch(self, inputs, targets, rows) -> np.ndarray:
        n = len(rows)
        arrays = self._buffers(n)
        x, y, z, a = arrays["x"], arrays["y"], arrays["z"], arrays["a"]
        grad_a, grad_z, e, d = arrays["grad_a"], arrays["grad_z"], arrays["e"], arrays["d"]
        W, b, gW, gb = self.W, self.b, self.gW, self.gb
        np.take(inputs, rows, axis=0, out=x)
        np.take(targets, rows, axis=0, out=y)
        # forward
        np.matmul(x, W[0].T, out=z[0])
        z[0] += b[0]
        np.tanh(z[0], out=a[0])
        np.matmul(a[0], W[1].T, out=z[1])
        z[1] += b[1]
        np.tanh(z[1], out=a[1])
        np.matmul(a[1], W[2].T, out=z[2])
        z[2] += b[2]
        np.abs(z[2], out=e)  # sigmoid split by sign: e^(-|z|) never overflows
        np.negative(e, out=e)
        np.exp(e, out=e)
        np.add(e, 1.0, out=d)
        np.less(z[2], 0.0, out=arrays["negative"])
        a[2].fill(1.0)
        np.copyto(a[2], e, where=arrays["negative"])
        a[2] /= d
        # dL/da of bce, clipped: -(y/a - (1-y)/(1-a)) / n_out
        np.clip(a[2], EPSILON, 1.0 - EPSILON, out=e)
        np.divide(y, e, out=grad_a[2])
        np.subtract(1.0, y, out=d)
        np.subtract(1.0, e, out=e)
        d /= e
        grad_a[2] -= d
        np.negative(grad_a[2], out=grad_a[2])
        grad_a[2] /= self.sizes[-1]
        # backward
        np.subtract(1.0, a[2], out=grad_z[2])
        grad_z[2] *= a[2]
        grad_z[2] *= grad_a[2]
        for layer in (2, 1, 0):
            previous = a[layer - 1] if layer else x
            np.matmul(grad_z[layer].T, previous, out=gW[layer])
            gW[layer] /= n
            np.add.reduce(grad_z[layer], axis=0, out=gb[layer])
            gb[layer] /= n
            if layer:
                np.matmul(grad_z[layer], W[layer], out=grad_a[layer - 1])
                np.multiply(a[layer - 1], a[layer - 1], out=grad_z[layer - 1])
                np.subtract(1.0, grad_z[layer - 1], out=grad_z[layer - 1])
                grad_z[layer - 1] *= grad_a[layer - 1]
        np.abs(self.grad, out=self.spare)
        self.abs_sum += self.spare
        self._adam()
        return a[2]

    def _adam(self) -> None:
        self.step_count += 1
        t, grad, term, spare = self.step_count, self.grad, self.step_term, self.spare
        self.m *= self.beta1
        self.m += np.multiply(grad, 1.0 - self.beta1, out=term)
        self.v *= self.beta2
        np.multiply(grad, 1.0 - self.beta2, out=term)
        term *= grad
        self.v += term
        np.divide(self.m, 1.0 - self.beta1**t, out=term)
        term *= self.learning_rate
        np.divide(self.v, 1.0 - self.beta2**t, out=spare)
        np.sqrt(spare, out=spare)
        spare += self.eps
        term /= spare
        self.theta -= term
