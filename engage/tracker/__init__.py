"""The problem library: points with QR codes, problems and their closed loop, whistles."""
