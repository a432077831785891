"""Device simulators: each adapter's instrument, played on a pseudo-terminal or a TCP port, so
the capture path can be tried and tested without hardware (``lims simulate`` runs them)."""
