"""The four themes of the commentary: each a folder of its datasets, analysis, plots and claim checks."""
