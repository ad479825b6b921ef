"""The one door: the decision service, and what it runs for every face (batches, notices,
simulation, exports, the workstation and the form's presenter).
"""
