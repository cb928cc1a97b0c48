"""The network as a node graph: NetworkScene (items found by key) and NetworkView (zoom, pan)."""
