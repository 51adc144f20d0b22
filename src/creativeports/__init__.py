"""Creative Ports: the shared platform of a macro-regional network of the cultural and creative industries."""
