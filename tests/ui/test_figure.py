"""The training figure: its size, title, settings, verdict, class colours and legend, and an SVG
that a second renderer (Qt's own, and ImageMagick where installed) draws as the PNG looks."""

import dataclasses
import shutil
import subprocess

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from simulator.datasets import Dataset
from simulator.presets import load_preset
from simulator.standardize import prepare
from simulator.training import train
from ui.plots.boundary_plot import CLASS_COLOURS, TINT, tint
from ui.plots.figure import DEFAULT_SIZE, MAX_POINTS, boundary_of, figure_of_run, write_figure
from ui.plots.figure_chart import nice_ticks
from ui.theme import LIGHT


@pytest.fixture(autouse=True)
def application(qapp):
    """pytest-qt's QApplication, made before any figure is drawn."""
    return qapp


@pytest.fixture(scope="module")
def blobs_run():
    preset = load_preset("blobs")
    network, data = preset.build_network(), preset.training_data(0.2, seed=0)
    history = train(network, data.train, 30, test=data.test)
    return figure_of_run(preset.name, network, data, history)


@pytest.fixture(scope="module")
def written(blobs_run, tmp_path_factory):
    """The blobs run's figure written once as run.png and run.svg: the tests only read them."""
    folder = tmp_path_factory.mktemp("figure")
    for name in ("run.png", "run.svg"):
        write_figure(blobs_run, folder / name)
    return folder


def pixels(image: QImage) -> np.ndarray:
    """(height, width, 3) RGB values of an image."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height = image.width(), image.height()
    data = np.frombuffer(image.constBits(), np.uint8, image.bytesPerLine() * height)
    rows = data.reshape(height, image.bytesPerLine())[:, : width * 3]
    return rows.reshape(height, width, 3).copy()  # a copy: the converted image is freed on return


def rendered_svg(path, size) -> QImage:
    """The SVG drawn by QSvgRenderer, a renderer that shares no code with QSvgGenerator."""
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(path)).render(painter, QRectF(0, 0, *size))
    painter.end()
    return image


def test_the_png_is_wide_enough_to_project_and_takes_a_chosen_size(blobs_run, written, tmp_path):
    assert QImage(str(written / "run.png")).size().toTuple() == DEFAULT_SIZE
    assert DEFAULT_SIZE[0] >= 1200
    write_figure(blobs_run, tmp_path / "big.png", (1800, 1000))
    assert QImage(str(tmp_path / "big.png")).size().toTuple() == (1800, 1000)


def test_the_title_names_the_preset_and_settings_and_the_axes_have_no_prefix(blobs_run, written):
    svg = (written / "run.svg").read_text(encoding="utf-8")
    assert "<title>Blobs: 2-4-3 tanh, softmax output" in svg
    assert blobs_run.settings == (
        "sgd, learning rate 0.1 · batch 16 · 30 epochs · seed 0 · 240 training samples "
        "· 60 test samples"
    )
    assert "60 test samples" in svg and "(x0.001)" not in svg and "x1 (" not in svg
    for name in ("train loss", "test loss", "class 0", "class 1", "class 2"):
        assert name in svg


def test_the_svg_has_no_scaled_strokes_or_point_pixmaps(blobs_run, written):
    svg = (written / "run.svg").read_text(encoding="utf-8")
    assert "non-scaling-stroke" not in svg  # renderers without it draw curves as bars
    assert svg.count("<image") == 1  # the heat map only: points are circles, not pixmaps
    assert svg.count("<circle") >= len(blobs_run.boundary.points)


def test_the_svg_renders_as_the_png_looks(written):
    png = pixels(QImage(str(written / "run.png"))).astype(int)
    svg = pixels(rendered_svg(written / "run.svg", DEFAULT_SIZE)).astype(int)
    assert np.mean(np.abs(png - svg)) < 3  # fonts and antialiasing differ a little
    class_tints = [tint(LIGHT, CLASS_COLOURS[k], TINT).getRgb()[:3] for k in range(3)]
    for colour in class_tints:  # each class's region shows in the rendered SVG
        assert np.sum(np.all(np.abs(svg - colour) <= 2, axis=-1)) > 2000


@pytest.mark.skipif(shutil.which("convert") is None, reason="ImageMagick is not installed")
def test_imagemagick_draws_the_curves_as_thin_lines_not_bars(written, tmp_path):
    subprocess.run(["convert", str(written / "run.svg"), str(tmp_path / "im.png")], check=True)
    png = pixels(QImage(str(written / "run.png"))).astype(int)
    other = pixels(QImage(str(tmp_path / "im.png")).scaled(*DEFAULT_SIZE)).astype(int)
    curve = np.array(QColor(LIGHT.positive).getRgb()[:3])
    in_png = np.sum(np.all(np.abs(png - curve) <= 40, axis=-1))
    in_other = np.sum(np.all(np.abs(other - curve) <= 40, axis=-1))
    assert in_other < 3 * in_png  # bars would fill far more of the picture


def test_a_troubled_run_shows_the_engines_sentence(tmp_path):
    preset = load_preset("xor")
    preset = dataclasses.replace(
        preset, optimizer=dataclasses.replace(preset.optimizer, learning_rate=100)
    )
    network, data = preset.build_network(), preset.training_data()
    history = train(network, data.train, 100, on_trouble="stop")
    figure = figure_of_run(preset.name, network, data, history)
    assert figure.verdict == history.verdict.sentence and history.verdict.trouble
    write_figure(figure, tmp_path / "stuck.svg")
    assert "Training is not converging" in (tmp_path / "stuck.svg").read_text(encoding="utf-8")


def test_class_names_label_the_boundary_and_big_data_is_sampled():
    rng = np.random.default_rng(0)
    inputs = rng.normal(size=(MAX_POINTS + 500, 2))
    data = Dataset(inputs, (inputs[:, :1] > 0) * 1.0, "big", ("left", "right"))
    network = load_preset("moons").build_network()
    boundary = boundary_of(network, data)
    assert boundary.names == ("left", "right") and len(boundary.points) == MAX_POINTS
    assert boundary_of(network, Dataset(np.zeros((3, 4)), np.zeros((3, 1)))) is None


def test_a_regression_run_has_no_accuracy_chart(tmp_path):
    preset = load_preset("notes-chain-sigmoid")
    network = preset.build_network()
    data = prepare(preset.load_data(), False)
    history = train(network, data.train, 5)
    write_figure(figure_of_run(preset.name, network, data, history), tmp_path / "r.svg")
    assert "Accuracy" not in (tmp_path / "r.svg").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "low, high, ticks",
    [(0.0, 1.0, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]), (400, 600, [400, 450, 500, 550, 600])],
)
def test_ticks_are_round_numbers_written_in_full(low, high, ticks):
    assert nice_ticks(low, high) == pytest.approx(ticks)
