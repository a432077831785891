"""Banner/county agricultural-product testing lab LIMS."""
__version__ = "0.1.0"
