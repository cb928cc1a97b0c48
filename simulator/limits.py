"""Limits: how large a network, its data and a preset's text may be. The one home of the numbers.

Each rule is checked from sizes and counts alone, before anything is allocated, and answers with
a Breach (the field, what it should be, what it was) or None. The preset reader turns a Breach
into its PresetError (`Checker.within`), the CSV reader into a DataError, and the window calls
`check_network` before it builds a network; all of them show the same sentence.

Why these numbers: every classroom use we know of fits with room to spare, and nothing inside
them freezes the program for long or takes more than a few hundred MB.
- MAX_WIDTH 1,024 neurons a layer: a 28x28-pixel digit (784 inputs), 4x128, 16x64 and 8x32 nets.
- MAX_DEPTH 64 layers with weights: 16x64 four times over; the notes' deep chains have 5.
- MAX_PARAMETERS 200,000 weights and biases: 784-128-10 (101,770) twice; 4x128 is 50,049. One
  iteration of 200,000 with a batch of 1 is ~800,000 micro-steps, a few seconds and ~250 MB.
- MAX_ITERATION_VALUES 250,000 = batch size x parameters: a batch multiplies one iteration's
  steps, and a batched step costs more (the batch means); 16x64 with a batch of 32 took 257 s and
  2.4 GB. Fits: spiral's 2-16-16-1 with a batch of 741, 8x32 with 33, 4x128 with 4.
- MAX_SAMPLES 200,000 rows and MAX_DATA_VALUES 5,000,000 numbers (40 MB as float64): a
  100,000-row CSV of up to 50 columns, iris many times over; generated sets need a few thousand.
- Text: a name of 200 characters, a description of 10,000 (the bundled longest is 768), a label
  or CSV cell of 100; at most 1,000 hand-worked values (the notes' longest list has 24); at most
  MAX_NAMES 1,000 names for keys of 40 characters each (the notes' longest list names 35 keys,
  their longest name is 7 characters: a name sits on a graph edge and in every formula).
- MAX_NESTING 16 levels of JSON: the format itself needs 6 (optimizer state); deeper input used
  to end in a RecursionError.
- MAX_PRESET_BYTES 128 MiB: a saved network with MAX_DATA_VALUES written out at full precision.
- MAX_GUI_STEPS 10,000 micro-steps for `gui --steps`: a whole iteration of every bundled preset
  (spiral's, the longest, has ~8,900); each step redraws the window, ~10-30 ms.
- MAX_HANDOUT_STEPS 20,000 steps in a worked handout: spiral's iteration twice over; a PDF takes
  ~4 ms a step (784-128-10's 400,000 steps would take half an hour and GBs).
- MAX_DIAGRAM_WEIGHTS 1,000 edges in a drawn network: each costs ~1.6 ms and ~25 KB in Qt's
  scene (100,000 took 10 minutes and 5.7 GB); bundled spiral has 304, 8x32 has 7,424.
"""

from dataclasses import dataclass

MAX_WIDTH = 1_024
MAX_DEPTH = 64
MAX_PARAMETERS = 200_000
MAX_ITERATION_VALUES = 250_000
MAX_SAMPLES = 200_000
MAX_DATA_VALUES = 5_000_000
MAX_HAND_WORKED = 1_000
MAX_NAMES = 1_000
MAX_NAME_CHARS = 40
MAX_NESTING = 16
MAX_PRESET_BYTES = 128 * 2**20
MAX_CSV_BYTES = 512 * 2**20
MAX_CSV_CELL_CHARS = 100
MAX_CSV_COLUMNS = 2 * MAX_WIDTH  # inputs and targets
MAX_CSV_LINE_CHARS = MAX_CSV_COLUMNS * (MAX_CSV_CELL_CHARS + 3)  # quotes and a comma
MAX_GUI_STEPS = 10_000
MAX_HANDOUT_STEPS = 20_000
MAX_DIAGRAM_WEIGHTS = 1_000
MAX_SCREENSHOT = (7_680, 4_320)  # 8K; one ARGB image of it is 130 MB
MAX_TEXT_CHARS = 1_000  # any text field not listed below
TEXT_LIMITS = {"name": 200, "description": 10_000, "source": 1_000, "label": 100}


class LimitError(ValueError):
    """A size beyond a limit, outside a preset file (the window's side panel); one sentence."""


@dataclass(frozen=True)
class Breach:
    """A limit that was passed: the field, what it should be and what it was."""

    field: str  # as a preset names it: 'layers[1]', 'data.samples'
    subject: str  # the same in words, for a sentence without a file: 'layer 1'
    expected: str  # follows 'should': 'have at most 1,024 neurons'
    got: str

    def sentence(self, origin: str | None = None) -> str:
        """'origin: field 'f' should ..., got ...' for a file; 'subject should ...' without."""
        where = f"{origin}: field '{self.field}'" if origin else self.subject
        text = f"{where} should {self.expected}, got {self.got}."
        return text[0].upper() + text[1:] if not origin else text


def parameter_count(sizes) -> int:
    """Weights and biases of a network with these layer sizes (a prelu alpha adds one more)."""
    return sum(n * (m + 1) for m, n in zip(sizes, sizes[1:]))


def weight_count(sizes) -> int:
    """Weights (edges of the drawn graph) of a network with these layer sizes."""
    return sum(n * m for m, n in zip(sizes, sizes[1:]))


def drawable(sizes) -> bool:
    """True when a diagram may draw every weight of this network."""
    return weight_count(sizes) <= MAX_DIAGRAM_WEIGHTS


def max_batch_size(sizes) -> int:
    """The largest batch one iteration of this network may hold (at least 1)."""
    return max(1, MAX_ITERATION_VALUES // max(1, parameter_count(sizes)))


def network_breach(sizes, batch_size: int = 1) -> Breach | None:
    """Depth, each layer's width, the parameters and batch x parameters, in that order."""
    depth = len(sizes) - 1
    if depth > MAX_DEPTH:
        expected = f"list at most {MAX_DEPTH + 1} sizes ({MAX_DEPTH} layers with weights)"
        return Breach("layers", "the network", expected, f"{len(sizes)} sizes")
    for layer, size in enumerate(sizes):
        if size > MAX_WIDTH:
            expected = f"be at most {MAX_WIDTH:,} neurons"
            return Breach(f"layers[{layer}]", f"layer {layer}", expected, str(size))
    count = parameter_count(sizes)
    if count > MAX_PARAMETERS:
        expected = f"make at most {MAX_PARAMETERS:,} weights and biases"
        return Breach("layers", "the network", expected, f"{count:,}")
    if batch_size * count > MAX_ITERATION_VALUES:
        expected = (
            f"be at most {max_batch_size(sizes):,} for a network of {count:,} weights and "
            f"biases (one iteration holds at most {MAX_ITERATION_VALUES:,} of them per batch)"
        )
        return Breach("batch_size", "the batch size", expected, str(batch_size))
    return None


def check_network(sizes, batch_size: int = 1) -> None:
    """For a network typed in the window: LimitError before anything is allocated."""
    breach = network_breach(sizes, batch_size)
    if breach is not None:
        raise LimitError(breach.sentence())


def handout_breach(steps: int) -> Breach | None:
    """A worked handout of one iteration holds at most MAX_HANDOUT_STEPS steps."""
    if steps > MAX_HANDOUT_STEPS:
        expected = (
            f"make an iteration of at most {MAX_HANDOUT_STEPS:,} steps for a handout "
            "(a smaller network or batch)"
        )
        return Breach("layers", "the handout", expected, f"{steps:,} steps")
    return None


def batch_breach(batch_size: int, samples: int, batch_in_epoch: int = 0) -> Breach | None:
    """A batch takes at most the whole data, and the saved position lies inside the epoch."""
    if batch_size > samples:
        expected = f"be at most {samples:,}, the number of samples in the data"
        return Breach("batch_size", "the batch size", expected, str(batch_size))
    batches = -(-samples // batch_size)
    if batch_in_epoch >= batches:
        expected = (
            f"be below {batches:,}, the number of batches of {batch_size:,} in an epoch of "
            f"{samples:,} samples"
        )
        return Breach("batch_in_epoch", "the batch in the epoch", expected, str(batch_in_epoch))
    return None


def samples_breach(samples: int, width: int, field: str) -> Breach | None:
    """At most MAX_SAMPLES samples, and MAX_DATA_VALUES numbers for samples of `width` values."""
    if samples > MAX_SAMPLES:
        expected = f"hold at most {MAX_SAMPLES:,} samples"
        return Breach(field, "the data", expected, str(samples))
    if samples * width > MAX_DATA_VALUES:
        expected = f"hold at most {MAX_DATA_VALUES:,} numbers ({width:,} per sample)"
        return Breach(field, "the data", expected, f"{samples * width:,}")
    return None


def count_breach(count: int, most: int, field: str, noun: str) -> Breach | None:
    """At most `most` entries in a list field."""
    if count > most:
        return Breach(field, field, f"hold at most {most:,} {noun}", str(count))
    return None


def text_limit(field: str) -> int:
    """The characters a text field may hold, by its last part: 'hand_worked[0].label' -> label."""
    return TEXT_LIMITS.get(field.rsplit(".", 1)[-1], MAX_TEXT_CHARS)


def text_breach(text: str, field: str) -> Breach | None:
    """A text field of at most `text_limit(field)` characters."""
    most = text_limit(field)
    if len(text) > most:
        expected = f"be at most {most:,} characters"
        return Breach(field, field, expected, f"{len(text):,} characters")
    return None


def nesting_breach(data) -> Breach | None:
    """JSON lists and objects nested at most MAX_NESTING deep; walked without recursion."""
    fields = data.items() if isinstance(data, dict) else [(None, data)]
    stack = [(value, 2 if name else 1, name) for name, value in fields]
    while stack:
        value, depth, name = stack.pop()
        if not isinstance(value, list | dict):
            continue
        if depth > MAX_NESTING:
            expected = f"nest lists and objects at most {MAX_NESTING} deep"
            return Breach(name or "", "the file", expected, "deeper ones")
        children = value.values() if isinstance(value, dict) else value
        stack += [(child, depth + 1, name) for child in children if isinstance(child, list | dict)]
    return None
