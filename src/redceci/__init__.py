"""redceci: plan and run a national network of public childcare centres.

The library is organised by capability (``planning``) with adapters around it
(``data`` readers, ``report`` writers, the ``cli``).
"""

__version__ = "0.1.0"
