"""The loss per epoch, train and test."""

from ui.plots.epoch_plot import EpochPlot


class LossPlot(EpochPlot):
    """Mean loss of each epoch on the training set (solid) and the test set (dashed)."""

    CURVES = (
        ("loss", "train loss", "positive", False),
        ("test_loss", "test loss", "negative", True),
    )
    TITLE = "Loss"
    Y_LABEL = "loss"
