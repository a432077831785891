"""The colloidal-gold (胶体金) strip reader module: T and C line grey values on request."""
