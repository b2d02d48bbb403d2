from kamdesk.customers.models.billing import (
    Account,
    BillingType,
    Contract,
    PaymentRelation,
    Product,
    ProductKind,
    ProductMember,
    RecordStatus,
    Subscriber,
    SubscriberStatus,
)
from kamdesk.customers.models.catalogue import TariffAddon, TariffPlan
from kamdesk.customers.models.customer import (
    Customer,
    CustomerKind,
    CustomerStatus,
    Grade,
    IdType,
)
from kamdesk.customers.models.relationship import (
    Channel,
    Contact,
    DecisionRole,
    Interaction,
)

__all__ = [
    "Account",
    "BillingType",
    "Channel",
    "Contact",
    "Contract",
    "Customer",
    "CustomerKind",
    "CustomerStatus",
    "DecisionRole",
    "Grade",
    "IdType",
    "Interaction",
    "PaymentRelation",
    "Product",
    "ProductKind",
    "ProductMember",
    "RecordStatus",
    "Subscriber",
    "SubscriberStatus",
    "TariffAddon",
    "TariffPlan",
]
