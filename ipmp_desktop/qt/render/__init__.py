"""One painter per kind of chart, for the screen, print and every export format."""
