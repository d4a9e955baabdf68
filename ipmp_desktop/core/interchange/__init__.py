"""Reading and writing other tools' files: one module per format, no Qt (see ``plan``)."""
