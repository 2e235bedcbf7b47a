"""Components of a coverage line (rule 4).

A line either includes or excludes the components it does not list.  The
listed components take the opposite default: "exclude the components not
listed" suggests *include* for each listed line, "include the components not
listed" suggests *exclude*.
"""


def default_included(include_unlisted):
    """The suggested ``included`` flag of a newly listed component."""
    return not include_unlisted


def is_component_covered(include_unlisted, listed, product_id):
    """Whether component ``product_id`` is covered by a line.

    ``listed`` maps the listed component product ids to their ``included``
    flag; a component not listed follows the line's policy.
    """
    if product_id in listed:
        return bool(listed[product_id])
    return bool(include_unlisted)
