"""Word lists and project templates that make the generated demo workspace read like real work.

Only data lives here; ``core.demo`` decides how it is combined.
"""

from dataclasses import dataclass
from datetime import date

from ipmp_desktop.core.model import ColumnCategory

TODO, DOING, DONE = ColumnCategory.TODO, ColumnCategory.DOING, ColumnCategory.DONE


@dataclass(frozen=True)
class BoardTemplate:
    """Five board columns by role: backlog, ready, active, review, finished.

    Each entry is ``(name, category, wip_limit)``; the roles decide where a task's card goes.
    """

    backlog: tuple[str, str, int | None]
    ready: tuple[str, str, int | None]
    active: tuple[str, str, int | None]
    review: tuple[str, str, int | None]
    finished: tuple[str, str, int | None]

    def columns(self) -> list[tuple[str, str, int | None]]:
        """The columns left to right."""
        return [self.backlog, self.ready, self.active, self.review, self.finished]


SOFTWARE_BOARD = BoardTemplate(
    ("Backlog", TODO, None),
    ("To do", TODO, None),
    ("In progress", DOING, 8),
    ("Review", DOING, 4),
    ("Done", DONE, None),
)
OPERATIONS_BOARD = BoardTemplate(
    ("Ideas", TODO, None),
    ("Planned", TODO, None),
    ("Doing", DOING, 6),
    ("Waiting on vendor", DOING, None),
    ("Done", DONE, None),
)
CONTENT_BOARD = BoardTemplate(
    ("Backlog", TODO, None),
    ("Ready", TODO, 10),
    ("In production", DOING, 5),
    ("Approval", DOING, 3),
    ("Published", DONE, None),
)


@dataclass(frozen=True)
class ProjectTemplate:
    """What one kind of project is made of: phases, work packages, verbs and objects."""

    name: str
    description: str
    board: BoardTemplate
    phases: tuple[str, ...]
    packages: tuple[str, ...]
    verbs: tuple[str, ...]
    objects: tuple[str, ...]
    labels: tuple[str, ...]
    final_milestone: str


TEMPLATES: tuple[ProjectTemplate, ...] = (
    ProjectTemplate(
        name="Website relaunch",
        description="New design, new CMS and faster pages for the company website.",
        board=SOFTWARE_BOARD,
        phases=("Discovery", "Design", "Build", "Content", "Testing", "Launch"),
        packages=(
            "Home page", "Product pages", "Checkout", "Search", "Blog", "Navigation",
            "Accessibility", "Analytics", "SEO", "CMS setup", "Hosting", "Forms",
        ),
        verbs=(
            "Design", "Build", "Review", "Test", "Write", "Migrate", "Optimise", "Document",
            "Prototype", "Fix", "Set up", "Audit",
        ),
        objects=(
            "wireframes", "page templates", "image pipeline", "redirect map", "cookie banner",
            "contact form", "sitemap", "style guide", "404 page", "page speed budget",
            "meta descriptions", "footer links", "hero banner", "breadcrumbs", "search index",
        ),
        labels=("Frontend", "Backend", "Content", "SEO", "Accessibility", "Blocked", "Quick win"),
        final_milestone="New website live",
    ),
    ProjectTemplate(
        name="Mobile app 2.0",
        description="Second major release of the customer app for iOS and Android.",
        board=SOFTWARE_BOARD,
        phases=("Research", "UX design", "Development", "Beta", "Store release"),
        packages=(
            "Onboarding", "Login", "Push notifications", "Offline mode", "Payments",
            "Profile", "Settings", "Dark mode", "Crash reporting", "Deep links",
        ),
        verbs=(
            "Implement", "Design", "Test", "Refactor", "Review", "Localise", "Instrument",
            "Profile", "Fix", "Spike",
        ),
        objects=(
            "sign-in screen", "token refresh", "sync queue", "settings screen", "app icon",
            "release notes", "API client", "image cache", "accessibility labels",
            "crash on rotate", "store screenshots", "feature flags", "tablet layout",
        ),
        labels=("iOS", "Android", "API", "UX", "Bug", "Tech debt", "Customer request"),
        final_milestone="App store release",
    ),
    ProjectTemplate(
        name="Data platform migration",
        description="Move the reporting warehouse to the new cloud data platform.",
        board=SOFTWARE_BOARD,
        phases=("Assessment", "Foundation", "Migration waves", "Validation", "Cut-over"),
        packages=(
            "Sales data", "Finance data", "Customer 360", "Ingestion", "Orchestration",
            "Access control", "Data quality", "Dashboards", "Cost monitoring", "Archiving",
        ),
        verbs=(
            "Migrate", "Validate", "Model", "Backfill", "Reconcile", "Automate", "Document",
            "Decommission", "Benchmark", "Secure",
        ),
        objects=(
            "orders table", "nightly load", "revenue mart", "lineage graph", "row counts",
            "service accounts", "retention policy", "dbt models", "Airflow DAGs",
            "legacy views", "cost alerts", "PII columns", "refresh schedule",
        ),
        labels=("Pipeline", "Security", "Reporting", "Risk", "Blocked", "Needs review"),
        final_milestone="Legacy warehouse switched off",
    ),
    ProjectTemplate(
        name="Office move",
        description="Move 120 people to the new office on the river side.",
        board=OPERATIONS_BOARD,
        phases=("Planning", "Fit-out", "IT setup", "Move week", "Settling in"),
        packages=(
            "Floor plan", "Furniture", "Network", "Meeting rooms", "Kitchen", "Security",
            "Parking", "Signage", "Removals", "Old office hand-back",
        ),
        verbs=(
            "Order", "Book", "Install", "Label", "Inspect", "Agree", "Pack", "Clean",
            "Confirm", "Measure",
        ),
        objects=(
            "desks", "access badges", "Wi-Fi survey", "moving crates", "printer contract",
            "parking permits", "fire exits plan", "coffee machine", "room signs",
            "cable runs", "lease terms", "lockers", "visitor desk",
        ),
        labels=("Facilities", "IT", "Vendor", "Budget", "Urgent", "Waiting"),
        final_milestone="Move day",
    ),
    ProjectTemplate(
        name="Q3 marketing campaign",
        description="Summer campaign for the new product line across web, social and events.",
        board=CONTENT_BOARD,
        phases=("Briefing", "Creative", "Production", "Launch", "Wrap-up"),
        packages=(
            "Social media", "Email", "Landing page", "Paid search", "Video",
            "Press", "Trade fair", "Partner kit", "Reporting",
        ),
        verbs=(
            "Draft", "Shoot", "Edit", "Approve", "Schedule", "Publish", "Brief", "Translate",
            "Measure", "Plan",
        ),
        objects=(
            "key visual", "press release", "teaser video", "newsletter", "ad copy",
            "landing page", "booth graphics", "influencer list", "UTM links",
            "media plan", "product photos", "campaign report",
        ),
        labels=("Social", "Email", "Design", "Copy", "Budget", "Needs approval"),
        final_milestone="Campaign launch",
    ),
    ProjectTemplate(
        name="ERP rollout",
        description="Introduce the new ERP system in purchasing, finance and the warehouse.",
        board=OPERATIONS_BOARD,
        phases=("Blueprint", "Configuration", "Data migration", "Training", "Go-live"),
        packages=(
            "Purchasing", "Accounts payable", "General ledger", "Inventory", "Shipping",
            "Reporting", "Interfaces", "Roles and permissions", "Master data",
        ),
        verbs=(
            "Configure", "Map", "Test", "Train", "Clean up", "Sign off", "Write", "Load",
            "Review", "Define",
        ),
        objects=(
            "chart of accounts", "vendor master", "approval workflow", "stock levels",
            "invoice layout", "user roles", "test scripts", "cut-over plan",
            "pick lists", "price lists", "bank interface", "month-end checklist",
        ),
        labels=("Finance", "Warehouse", "Interface", "Training", "Risk", "Blocked"),
        final_milestone="ERP go-live",
    ),
)

LABEL_COLORS = (
    "#e5484d", "#f76b15", "#ffc53d", "#46a758", "#12a594", "#0090ff", "#3e63dd", "#8e4ec6",
    "#d6409f", "#8d8d8d",
)
PHASE_COLORS = ("#3e63dd", "#12a594", "#f76b15", "#8e4ec6", "#d6409f", "#46a758")

FIRST_NAMES = (
    "Anna", "Ben", "Chiara", "David", "Elif", "Felix", "Grace", "Hiro", "Ines", "Jonas",
    "Kemal", "Lena", "Marco", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tara",
    "Umar", "Vera", "Wei", "Yusuf", "Zoe", "Laura", "Tom", "Maya", "Pablo", "Helga",
)
LAST_NAMES = (
    "Schmidt", "Okafor", "Rossi", "Nguyen", "Yilmaz", "Berg", "Kowalski", "Tanaka", "Garcia",
    "Novak", "Haddad", "Larsen", "Moreau", "Patel", "Fischer", "O'Brien", "Silva", "Weber",
    "Kim", "Andersen",
)
EMAIL_DOMAIN = "example.com"

YEARLY_HOLIDAYS: tuple[tuple[date, str], ...] = (
    (date(2026, 1, 1), "New Year's Day"),
    (date(2026, 12, 25), "Christmas Day"),
)
OPTIONAL_YEARLY_HOLIDAYS: tuple[tuple[date, str], ...] = (
    (date(2026, 5, 1), "Labour Day"),
    (date(2026, 10, 3), "Day of German Unity"),
    (date(2026, 12, 26), "Boxing Day"),
    (date(2026, 12, 31), "New Year's Eve"),
)
ONE_OFF_HOLIDAYS: tuple[tuple[date, str], ...] = (
    (date(2026, 4, 3), "Good Friday"),
    (date(2026, 4, 6), "Easter Monday"),
    (date(2026, 5, 14), "Ascension Day"),
    (date(2026, 5, 25), "Whit Monday"),
    (date(2026, 9, 18), "Company offsite"),
    (date(2026, 11, 20), "Inventory day"),
    (date(2027, 3, 26), "Good Friday"),
    (date(2027, 3, 29), "Easter Monday"),
    (date(2027, 5, 6), "Ascension Day"),
)

DESCRIPTIONS = (
    "Agree the scope with the owner before starting.",
    "Done when the result is reviewed and linked in the project notes.",
    "Check the notes from the last review meeting first.",
    "Keep the stakeholders in the loop; they asked for a short update when this is finished.",
    "Budget is tight here: ask before ordering anything.",
)

STAGES = (
    "groundwork", "first iteration", "second iteration", "third iteration", "hardening",
    "rollout", "follow-up",
)
"""Sub-package names under a work package, in the order they happen."""
