"""JEDEC environments and thermal metrics (θJA, θJC, θJB, ΨJT, ΨJB, heat split)."""
