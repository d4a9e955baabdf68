"""Products, themes, releases and ideas that make the demo's roadmaps read like real ones.

Only data lives here; ``core.demo.roadmap`` decides how it is combined with the projects.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ProductTemplate:
    """A product of the demo and the project templates (by name) whose work builds it.

    ``releases`` are ``(name, weeks after the status date, description)``; ``ideas`` are
    ``(title, description, source, customer)``.
    """

    name: str
    vision: str
    scoring_model: str
    projects: tuple[str, ...]
    themes: tuple[tuple[str, str], ...]
    releases: tuple[tuple[str, int, str], ...]
    ideas: tuple[tuple[str, str, str, str], ...]


# Ideas read better one to two lines each.
# fmt: off
PRODUCTS: tuple[ProductTemplate, ...] = (
    ProductTemplate(
        name="Customer platform",
        vision=(
            "Every customer finds, buys and tracks what they need in under a minute, on any "
            "device, and we learn from every visit."
        ),
        scoring_model="rice",
        projects=("Website relaunch", "Mobile app 2.0", "Data platform migration"),
        themes=(
            ("Effortless checkout", "#4e79a7"),
            ("Mobile first", "#f28e2b"),
            ("Self-service", "#59a14f"),
            ("Data and insight", "#b07aa1"),
            ("Trust and reliability", "#e15759"),
        ),
        releases=(
            ("Spring release", 6, "Faster pages and the new checkout."),
            ("2.0", 16, "The new app in both stores."),
            ("Autumn release", 30, "Self-service account and reporting."),
        ),
        ideas=(
            ("Save the cart across devices", "Start on the phone, pay on the laptop.",
             "Customer interview", "Northwind Traders"),
            ("Pay with a QR code", "Seen at a competitor's booth at the trade fair.",
             "Trade fair", ""),
            ("Export orders to CSV", "Accounting wants a monthly export.",
             "Support ticket", "Contoso Ltd"),
            ("Dark mode everywhere", "Most requested item on the feedback board.",
             "Feedback board", ""),
            ("Order status by SMS", "Drivers ask customers to call instead.",
             "Sales call", "Fabrikam"),
        ),
    ),
    ProductTemplate(
        name="Workplace and growth",
        vision=(
            "A workplace people like to come to, campaigns that bring the right customers, and "
            "back-office processes nobody has to think about."
        ),
        scoring_model="wsjf",
        projects=("Office move", "Q3 marketing campaign", "ERP rollout"),
        themes=(
            ("Great place to work", "#76b7b2"),
            ("Brand reach", "#edc948"),
            ("Efficient operations", "#4e79a7"),
            ("Finance and compliance", "#9c755f"),
        ),
        releases=(
            ("Q2 milestone", 8, "New office ready, campaign briefed."),
            ("Go-live wave 1", 18, "Purchasing and finance on the new ERP."),
            ("Year-end close", 34, "The first close on the new system."),
        ),
        ideas=(
            ("Quiet rooms on every floor", "Open-plan noise came up in the staff survey.",
             "Staff survey", ""),
            ("Partner referral programme", "Two partners offered to co-market.",
             "Partner meeting", "Litware"),
            ("Approve invoices on the phone", "Managers travel a lot.",
             "Workshop", "Finance team"),
            ("Bike parking and showers", "Asked for in the move survey.",
             "Move survey", ""),
        ),
    ),
)
# fmt: on

PROBLEMS = (
    "Customers drop off before they finish.",
    "The current process takes too many manual steps.",
    "We cannot see what works and what does not.",
    "Support handles the same question again and again.",
    "Teams wait on each other for days.",
    "Costs grow faster than revenue.",
)
OUTCOMES = (
    "Conversion up by a tenth.",
    "Half the manual steps gone.",
    "Decisions backed by weekly numbers.",
    "A third fewer support tickets.",
    "Lead time down from weeks to days.",
    "Running costs flat while volume grows.",
)
CUSTOMER_IMPACTS = (
    "Faster, simpler, fewer surprises.",
    "Customers get answers without calling us.",
    "Works the same on every device.",
    "",
)
BUSINESS_VALUES = (
    "Protects revenue in the busy season.",
    "Frees two people for new work.",
    "Required before the audit.",
    "",
)
