from odoo.tools import SQL


def rank_ordered_groups(model, order, groupby_terms, rank_fields):
    """ORDER BY of a ``_read_group`` that lists the groups of rank-like selections in rank order.

    Odoo sorts the groups of a selection field by the stored key, which puts a ranking
    (VIP, Major, ... No Revenue) or a life cycle (Prospect ... Won Back) in alphabetical order: a
    graph or pivot then shows neither a pyramid nor a funnel. For the fields in ``rank_fields``,
    and only when the caller asked for no order (graphs and pivots ask for none), the groups follow
    the order of the field's selection list; unknown keys and empty values come last.

    :param model: the model whose ``_read_group_orderby`` is overridden
    :param order: the order the caller asked for (falsy, or the group-bys themselves: no order)
    :param groupby_terms: ``{groupby spec: SQL expression}`` as given to ``_read_group_orderby``
    :param rank_fields: names of the selection fields to order by rank
    :return: an ``SQL`` ORDER BY list, or ``None`` to keep Odoo's order
    """
    # read_group() without an order passes the group-bys themselves as the order
    asked = (order or "").replace(" ", "")
    if (asked and asked != ",".join(groupby_terms).replace(" ", "")) or not any(
        spec in rank_fields for spec in groupby_terms
    ):
        return None
    terms = []
    for spec, sql_expr in groupby_terms.items():
        field = model._fields.get(spec)
        if spec in rank_fields and field and field.type == "selection":
            keys = [key for key, _label in field._description_selection(model.env)]
            terms.append(SQL("array_position(%s::varchar[], %s::varchar)", keys, sql_expr))
        else:
            terms.append(sql_expr)
    return SQL(", ").join(terms)
