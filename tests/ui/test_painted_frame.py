"""What a key press leaves on screen equals what a full repaint of the window shows: the panels
that repaint only what a step changed (the steps table's rows, the opaque graph and formula
panel, the phase strip's lit pill) leave no stale pixels."""

from PySide6.QtCore import Qt


def on_screen(window):
    """The window's pixels as last painted (its backing store), without painting anew."""
    return window.screen().grabWindow(window.winId()).toImage()


def settled(qtbot, window):
    """The window's pixels once its delayed layouts (rows, scroll bars) are painted too."""
    shown = on_screen(window)
    for _ in range(20):
        qtbot.wait(30)
        before, shown = shown, on_screen(window)
        if shown == before:
            break
    return shown


def test_each_press_leaves_what_a_full_repaint_shows(qtbot, window):
    presses = [Qt.Key.Key_Right] * 9 + [Qt.Key.Key_Left] * 3 + [Qt.Key.Key_End]
    for key in presses:
        qtbot.keyClick(window, key)
        stepped = settled(qtbot, window)
        window.repaint()
        assert on_screen(window) == stepped, key
