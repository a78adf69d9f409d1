"""Points (点位): a company's inspectable places, their public codes, QR labels and scans."""
