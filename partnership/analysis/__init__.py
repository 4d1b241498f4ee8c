"""What the data says: evidence grades and origins, derived tables, the explorer's filter.

Every number the charts, notebooks and report quote comes from here.
"""
