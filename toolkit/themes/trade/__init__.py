"""Trade theme: US-Russia goods trade since 1992, its fall, what is still traded."""
