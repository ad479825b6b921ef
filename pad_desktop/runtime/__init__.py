"""What the process runs with: settings, secrets, paths, the officer's identity, the state of long
work, lazy names.
"""
