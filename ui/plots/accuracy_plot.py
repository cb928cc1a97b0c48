"""The accuracy per epoch, train and test (empty for mse, which has no classes)."""

from ui.plots.epoch_plot import EpochPlot

EDGE = 0.05  # beyond 0 and 1: pyqtgraph leaves out a label closer to the end than half its height


class AccuracyPlot(EpochPlot):
    """Share of samples classified right in each epoch, training set and test set."""

    CURVES = (
        ("accuracy", "train accuracy", "positive", False),
        ("test_accuracy", "test accuracy", "negative", True),
    )
    TITLE = "Accuracy"
    Y_LABEL = "accuracy"
    LEGEND_OFFSET = (-10, -10)  # bottom right: the curve climbs to 1.0 along the top

    def y_range(self, values: list) -> tuple:
        """An accuracy lies between 0 and 1, both labelled."""
        return -EDGE, 1.0 + EDGE
