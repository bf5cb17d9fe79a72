"""reportgen: a council's children's services indicators in, a committee performance pack out."""

__version__ = "0.1.0"
