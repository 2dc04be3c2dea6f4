"""Composable wording for the sample shop's tickets: per question type, several subjects, asks,
context sentences and agent replies, plus greetings, closings and slang shared by all.

Slots in braces are filled by the generator: {order} {product} {days} {size} {city} {country}
{code} {when} {email} {phone} {address} {card} {iban} {name} {agent} {amount}.
"""

from __future__ import annotations

SHOP = "Northwind Outfitters"
SUPPORT_ADDRESS = "support@northwind-outfitters.example"

GREETINGS = [
    "Hi",
    "Hello",
    "Hey",
    "Hi there",
    "Good morning",
    "Good evening",
    "Dear support",
    "Hello team",
    "Hi guys",
    "Dear Northwind team",
    "Hiya",
    "Hi support",
]
NAMED_GREETINGS = ["Hi, I'm {name}.", "Hello, this is {name}.", "Hi, my name is {name}."]
CLOSINGS = [
    "Thanks",
    "Thank you",
    "Thanks in advance",
    "Kind regards",
    "Best regards",
    "Cheers",
    "Many thanks",
    "Thanks a lot",
    "Regards",
    "Best",
]
URGENCY = [
    "This is really urgent.",
    "I need it by the weekend.",
    "Please reply asap.",
    "I've been waiting for days now.",
    "Not happy tbh.",
    "It's a gift so I'm a bit stressed.",
    "Would appreciate a quick answer.",
    "Can someone please get back to me?",
    "Thanks for your help!",
    "I'm quite disappointed to be honest.",
    "Please help.",
    "",
]
CONTACT = [
    "You can reach me at {email}.",
    "My number is {phone} if easier.",
    "Call me on {phone}.",
    "my email is {email}",
    "Please write to {email} and not the old address.",
]
FIRST_NAMES = [
    "Anna",
    "Ben",
    "Chloe",
    "Daniel",
    "Emma",
    "Felix",
    "Grace",
    "Hugo",
    "Isla",
    "Jack",
    "Karin",
    "Liam",
    "Mia",
    "Noah",
    "Olivia",
    "Paul",
    "Rosa",
    "Sam",
    "Tara",
    "Umar",
    "Vera",
    "Will",
    "Yusuf",
    "Zoe",
    "Lena",
    "Marco",
    "Priya",
    "Jonas",
    "Sofia",
    "Tom",
]
LAST_NAMES = [
    "Smith",
    "Jones",
    "Miller",
    "Garcia",
    "Novak",
    "Schmidt",
    "Rossi",
    "Nguyen",
    "Petrova",
    "Chen",
    "Brown",
    "Taylor",
    "Wilson",
    "Kowalski",
    "Dubois",
    "Larsen",
    "Okafor",
    "Patel",
    "Silva",
    "Murphy",
]
AGENTS = ["Alex", "Jamie", "Morgan", "Robin", "Sasha", "Taylor"]
PRODUCTS = [
    "trail running shoes",
    "rain jacket",
    "merino hoodie",
    "hiking boots",
    "down vest",
    "yoga leggings",
    "fleece jacket",
    "canvas backpack",
    "wool beanie",
    "linen shirt",
    "denim jeans",
    "sports bra",
    "waterproof trousers",
    "sneakers",
    "puffer coat",
    "swim shorts",
    "cotton t-shirt",
    "leather belt",
]
SIZES = ["EU 42", "EU 38", "size M", "size L", "XS", "UK 9", "US 10", "size 32/32", "S", "XL", "EU 44"]
COLORS = ["black", "navy", "olive", "red", "grey", "sand", "forest green", "white"]
CITIES = ["London", "Manchester", "Berlin", "Munich", "Paris", "Lyon", "Amsterdam", "Dublin", "Vienna", "Madrid"]
COUNTRIES = [
    "the US",
    "Canada",
    "Australia",
    "Switzerland",
    "Norway",
    "Japan",
    "Singapore",
    "Brazil",
    "Mexico",
    "South Africa",
]
CODES = ["WELCOME10", "SUMMER20", "FREESHIP", "NEWS15", "BLACKFRIDAY", "VIP25"]
STREETS = [
    "Baker Street",
    "Elm Road",
    "Station Road",
    "Church Lane",
    "Maple Avenue",
    "Kings Road",
    "Park Lane",
    "High Street",
    "Mill Lane",
    "Oak Drive",
]
WHEN = [
    "last week",
    "on Monday",
    "10 days ago",
    "two weeks ago",
    "on the 3rd",
    "last Friday",
    "a week ago",
    "over a week ago",
    "5 days ago",
    "yesterday",
    "on Saturday",
    "last month",
]

# Each question type: category, relative weight, subjects, asks (the question itself, many wordings),
# context (optional sentences before/after), replies (agent answers), self-service hint, tags.
INTENTS: dict[str, dict] = {
    "where_is_my_order": {
        "category": "shipping",
        "weight": 16,
        "tags": ["wismo", "shipping"],
        "subjects": [
            "Where is my order?",
            "Order status",
            "Order not arrived",
            "Still waiting for my order",
            "Delivery status {order}",
            "my order??",
            "Haven't received my package",
            "WISMO",
        ],
        "asks": [
            "Where is my order?",
            "Can you tell me where my order is?",
            "My order still hasn't arrived.",
            "I haven't received my package yet, where is it?",
            "When will my order {order} arrive?",
            "Any update on my order?",
            "what's the status of my order",
            "my parcel hasnt arrived yet",
            "I ordered {when} and still nothing. Where is it?",
            "Is my order {order} on its way?",
            "Could you check the status of order {order} please?",
            "has my order shipped yet?",
            "the tracking hasn't updated in 4 days, where is my parcel?",
            "still no sign of my {product}",
            "How long until my package gets here?",
            "I'm still waiting for my delivery",
            "can u tell me when my stuff will arrive",
            "Where's my package? Ordered {when}.",
        ],
        "context": [
            "I ordered the {product} {when}.",
            "My order number is {order}.",
            "The order was {order}.",
            "Tracking says in transit since {when}.",
            "It was supposed to arrive {when}.",
            "I paid for express shipping.",
            "I need it for a trip next week.",
        ],
        "replies": [
            "Hi {name},\n\nthanks for reaching out. Your order has shipped and is on its way. You can follow it "
            "at any time on our order tracking page with your order number and email address. Deliveries usually "
            "take 2-4 working days within the EU.\n\nBest regards,\n{agent} | Northwind Outfitters Support",
            "Hello {name},\n\nI checked your order {order}: it left our warehouse and the carrier shows it in "
            "transit. Tracking can take up to 24 hours to update. If it has not arrived within 5 working days, "
            "just reply and we will open an investigation with the carrier.\n\nKind regards,\n{agent}",
            "Hi {name}, your parcel is with the carrier and should be with you within 1-2 working days. You can "
            "track it using the link in your shipping confirmation email or on our tracking page. Thanks, {agent}",
        ],
    },
    "delivery_time": {
        "category": "shipping",
        "weight": 7,
        "tags": ["shipping", "pre-sale"],
        "subjects": ["Delivery time", "How long does shipping take?", "Shipping time question", "delivery to {city}"],
        "asks": [
            "How long does delivery take?",
            "How many days does shipping take to {city}?",
            "If I order today, when will it arrive?",
            "What are your delivery times?",
            "how long for standard shipping",
            "Can I get it by Friday if I order now?",
            "Do you offer next day delivery?",
            "what's the shipping time to {city}",
            "How fast is express delivery?",
            "When would the {product} arrive if I order tonight?",
        ],
        "context": [
            "I want to order the {product} in {size}.",
            "It's for a birthday on Saturday.",
            "I live in {city}.",
            "I'm going on holiday {when}.",
        ],
        "replies": [
            "Hi {name},\n\nstandard delivery takes 2-4 working days within the EU and 3-5 to the UK. Express "
            "delivery (order before 2 pm) arrives the next working day. You'll get a tracking link as soon as "
            "your order ships.\n\nBest,\n{agent}",
            "Hello {name}, orders placed before 2 pm on a working day ship the same day. Standard shipping takes "
            "2-4 working days, express 1 working day. Kind regards, {agent}",
        ],
    },
    "change_address": {
        "category": "orders",
        "weight": 6,
        "tags": ["address", "order-change"],
        "subjects": [
            "Change delivery address",
            "Wrong address on my order",
            "Address change",
            "update shipping address",
        ],
        "asks": [
            "Can I change the delivery address for my order?",
            "I entered the wrong address, can you fix it?",
            "Is it possible to update the shipping address on order {order}?",
            "I moved, can you send my order to my new address?",
            "need to change my address pls",
            "Please change the address on my order to {address}.",
            "Can you ship to a different address?",
            "oops I put my old address, can it be changed?",
        ],
        "context": [
            "My new address is {address}, {city}.",
            "I noticed the typo in the street name.",
            "The order is {order}.",
            "I placed it {when}.",
        ],
        "replies": [
            "Hi {name},\n\nif your order has not shipped yet we can still change the address. You can do this "
            "yourself under 'Change my order' on our help site, or reply with the full new address and we will "
            "update it. Once the order has shipped, the address can only be changed with the carrier.\n\n"
            "Kind regards,\n{agent}",
            "Hello {name}, I've updated the delivery address on your order. You'll receive a new confirmation "
            "email shortly. Best regards, {agent}",
        ],
    },
    "cancel_order": {
        "category": "orders",
        "weight": 6,
        "tags": ["cancellation", "order-change"],
        "subjects": ["Cancel my order", "Cancellation request", "Please cancel order {order}", "cancel"],
        "asks": [
            "I want to cancel my order.",
            "Can I still cancel order {order}?",
            "Please cancel my order asap",
            "How do I cancel an order?",
            "I ordered by mistake, can you cancel it?",
            "i changed my mind, pls cancel",
            "Is it too late to cancel my order?",
            "I'd like to cancel the {product} I ordered {when}.",
        ],
        "context": [
            "I found it cheaper elsewhere.",
            "I ordered the wrong size.",
            "The order number is {order}.",
            "I accidentally ordered twice.",
        ],
        "replies": [
            "Hi {name},\n\nwe can cancel orders that have not yet been shipped. I've cancelled your order and the "
            "refund will be back on your original payment method within 3-5 working days.\n\nBest regards,\n{agent}",
            "Hello {name}, unfortunately your order has already shipped, so we can't cancel it anymore. Once it "
            "arrives you can return it free of charge within 30 days using our returns portal. Kind regards, {agent}",
        ],
    },
    "return_item": {
        "category": "returns",
        "weight": 10,
        "tags": ["returns"],
        "subjects": ["Return", "How do I return an item?", "Return request", "Returning my order", "return label"],
        "asks": [
            "How do I return an item?",
            "I'd like to return the {product}.",
            "Can I send back my order?",
            "What's your return policy?",
            "how do i get a return label",
            "I want to return something",
            "Can I return the {product}, it doesn't fit?",
            "Where do I send my return?",
            "Is return shipping free?",
            "How many days do I have to return my order?",
            "I need to return part of my order",
            "return pls, didn't like the colour",
        ],
        "context": [
            "It doesn't fit well.",
            "I don't like the colour in person.",
            "I ordered it {when}.",
            "The order was {order}.",
            "Tags are still on.",
        ],
        "replies": [
            "Hi {name},\n\nyou can return any unworn item within 30 days of delivery. Start your return on our "
            "returns portal with your order number and email: you'll get a free return label to print. Refunds "
            "are issued within 5 working days after the parcel reaches us.\n\nBest regards,\n{agent}",
            "Hello {name}, returns are free within 30 days. Just use our online returns portal to create a label, "
            "pack the items with their tags and drop the parcel at any post office. Kind regards, {agent}",
        ],
    },
    "exchange_size": {
        "category": "returns",
        "weight": 6,
        "tags": ["exchange", "returns", "sizing"],
        "subjects": ["Exchange for another size", "Size exchange", "Swap size", "exchange {product}"],
        "asks": [
            "Can I exchange the {product} for a bigger size?",
            "I need a smaller size, can I swap it?",
            "how do exchanges work?",
            "Can I exchange for {size} instead?",
            "The {product} is too small, can I get a {size}?",
            "I'd like to swap my order for another colour.",
            "is it possible to exchange instead of refund",
        ],
        "context": ["I usually wear {size}.", "I ordered {size} but it's tight.", "Order {order}."],
        "replies": [
            "Hi {name},\n\nthe quickest way to exchange is to start a return on our returns portal and choose "
            "'exchange' - we'll ship the new size as soon as your return is scanned by the carrier.\n\nBest,\n{agent}",
            "Hello {name}, we'd be happy to swap it. Please start an exchange in the returns portal and pick the "
            "size you need; the replacement ships free of charge. Kind regards, {agent}",
        ],
    },
    "refund_status": {
        "category": "refunds",
        "weight": 9,
        "tags": ["refund"],
        "subjects": ["Refund status", "Where is my refund?", "Refund not received", "refund??", "Still no refund"],
        "asks": [
            "When will I get my refund?",
            "I sent my return back {when} and haven't been refunded.",
            "Where is my refund?",
            "How long do refunds take?",
            "still waiting for my money back",
            "Has my return been processed?",
            "I returned the {product} but no refund yet",
            "You received my return {when}, when do I get my money?",
            "Can you check my refund status?",
        ],
        "context": [
            "The return tracking says delivered.",
            "Order {order}.",
            "It was {amount}.",
            "My bank says nothing has come in.",
        ],
        "replies": [
            "Hi {name},\n\nwe received your return and the refund was issued today. Depending on your bank it "
            "can take 3-5 working days to appear on your statement.\n\nBest regards,\n{agent}",
            "Hello {name}, refunds are processed within 5 working days after your return arrives at our "
            "warehouse. You'll get an email as soon as it's done. Kind regards, {agent}",
        ],
    },
    "damaged_item": {
        "category": "returns",
        "weight": 5,
        "tags": ["damaged", "quality"],
        "subjects": ["Damaged item", "Item arrived broken", "Faulty product", "Damaged parcel"],
        "asks": [
            "My {product} arrived damaged.",
            "The {product} is broken, what can I do?",
            "The zip on my {product} broke after one day.",
            "I received a faulty item.",
            "There's a hole in the {product} I just got",
            "parcel arrived crushed and item damaged",
            "What do I do if my item is defective?",
            "the sole came off my {product} after a week",
        ],
        "context": ["I've attached photos.", "The box was already open.", "Order {order}.", "I only wore it once."],
        "replies": [
            "Hi {name},\n\nI'm so sorry your item arrived damaged. Please send us a photo of the damage and we'll "
            "ship a replacement right away or refund you in full - whichever you prefer. There's no need to "
            "return the damaged item.\n\nKind regards,\n{agent}",
            "Hello {name}, sorry about that! Faulty items are covered for 2 years. Start a return in our returns "
            "portal and choose 'faulty', and we'll replace it free of charge. Best, {agent}",
        ],
    },
    "wrong_item": {
        "category": "returns",
        "weight": 4,
        "tags": ["wrong-item", "fulfilment"],
        "subjects": ["Wrong item received", "Received the wrong product", "Wrong size sent", "not what I ordered"],
        "asks": [
            "I received the wrong item.",
            "You sent me the wrong size.",
            "This isn't what I ordered.",
            "I got a {product} instead of what I ordered",
            "wrong colour arrived",
            "The package had someone else's order in it.",
            "you sent {size} but I ordered a different size",
        ],
        "context": ["I ordered {color}.", "Order {order}.", "The label on the bag is correct though."],
        "replies": [
            "Hi {name},\n\nI'm sorry we sent the wrong item. We'll send the right one today by express, and a free "
            "return label for the wrong item is on its way to your email.\n\nBest regards,\n{agent}",
            "Hello {name}, apologies for the mix-up! The correct item ships today. Please return the wrong one "
            "with the prepaid label we emailed you. Kind regards, {agent}",
        ],
    },
    "missing_parcel": {
        "category": "shipping",
        "weight": 4,
        "tags": ["lost", "shipping"],
        "subjects": ["Parcel marked delivered but not received", "Lost package", "Missing parcel", "not delivered"],
        "asks": [
            "Tracking says delivered but I never got it.",
            "My parcel is marked as delivered but it's not here.",
            "I think my package got lost.",
            "The courier says delivered, I have nothing",
            "package shows delivered, but nothing at my door",
            "My parcel seems to be lost in transit.",
        ],
        "context": [
            "I checked with my neighbours.",
            "I was home all day.",
            "Order {order}.",
            "The photo shows a door that isn't mine.",
        ],
        "replies": [
            "Hi {name},\n\nI'm sorry your parcel hasn't turned up. Please check with neighbours and your building's "
            "mailroom first. If it's still missing after 48 hours, reply and we'll open a claim with the carrier "
            "and send a replacement.\n\nKind regards,\n{agent}",
            "Hello {name}, I've opened an investigation with the carrier. If the parcel isn't found within 5 "
            "working days we'll send a replacement or refund you. Best regards, {agent}",
        ],
    },
    "sizing_help": {
        "category": "product",
        "weight": 5,
        "tags": ["sizing", "pre-sale"],
        "subjects": ["Size advice", "Which size should I get?", "Sizing question", "fit of {product}"],
        "asks": [
            "Which size should I order?",
            "Do the {product} run small or large?",
            "I'm usually {size}, what size should I get in the {product}?",
            "Is there a size chart?",
            "does the {product} fit true to size",
            "What size is the model wearing?",
            "im between sizes, which one?",
        ],
        "context": ["I'm 178 cm tall.", "I have wide feet.", "I usually wear {size}."],
        "replies": [
            "Hi {name},\n\nour {product} fit true to size. If you're between sizes we recommend the larger one. "
            "Every product page has a size chart under 'Size & fit'.\n\nBest,\n{agent}",
            "Hello {name}, you'll find the size chart on each product page. This style runs slightly small, so "
            "we suggest one size up. Exchanges are free if it doesn't fit. Kind regards, {agent}",
        ],
    },
    "back_in_stock": {
        "category": "product",
        "weight": 5,
        "tags": ["stock", "pre-sale"],
        "subjects": ["Back in stock?", "Out of stock", "When will {product} be available?", "restock"],
        "asks": [
            "When will the {product} be back in stock?",
            "Will you restock the {product} in {size}?",
            "Is the {product} coming back?",
            "The {size} is sold out, will there be more?",
            "can I pre-order the {product}",
            "any restock date for the {color} {product}?",
            "My order says back-ordered, when will it ship?",
        ],
        "context": [
            "I really want it in {color}.",
            "I've been checking every day.",
            "It's been sold out since {when}.",
        ],
        "replies": [
            "Hi {name},\n\nwe expect new stock in 2-3 weeks. Click 'Notify me' on the product page and we'll email "
            "you the moment it's back.\n\nBest regards,\n{agent}",
            "Hello {name}, back-ordered items ship as soon as they're in our warehouse, usually within 14 days. "
            "You can cancel a back-order at any time before it ships. Kind regards, {agent}",
        ],
    },
    "discount_code": {
        "category": "payment",
        "weight": 6,
        "tags": ["discount", "checkout"],
        "subjects": ["Discount code not working", "Promo code", "Voucher problem", "code {code} invalid"],
        "asks": [
            "My discount code isn't working.",
            "The code {code} says invalid at checkout.",
            "How do I use a promo code?",
            "Can I still apply a discount code after ordering?",
            "I forgot to use my code {code}, can you refund the difference?",
            "promo code not accepted",
            "Where do I enter my voucher?",
            "does {code} work on sale items?",
        ],
        "context": ["I got it in your newsletter.", "The basket is over the minimum.", "I ordered {when}."],
        "replies": [
            "Hi {name},\n\ndiscount codes can't be combined with sale items or other offers, and most have a "
            "minimum basket value. Enter the code in the 'Discount code' field on the payment step.\n\nBest,\n{agent}",
            "Hello {name}, I've refunded the difference of your discount to your original payment method. For "
            "next time: the code field is on the last checkout step. Kind regards, {agent}",
        ],
    },
    "payment_failed": {
        "category": "payment",
        "weight": 5,
        "tags": ["payment", "checkout"],
        "subjects": ["Payment failed", "Card declined", "Can't pay", "Payment error at checkout"],
        "asks": [
            "My payment keeps failing.",
            "My card was declined but I have money on it.",
            "I can't complete checkout, payment error",
            "Why was my payment rejected?",
            "payment didn't go through but money left my account",
            "My card {card} was charged but no order?",
            "PayPal isn't working at checkout",
            "Checkout says transaction failed",
        ],
        "context": ["I tried three times.", "I used a Visa card.", "My bank says it's fine."],
        "replies": [
            "Hi {name},\n\nsorry for the trouble. Failed payments are usually declined by the bank's 3-D Secure "
            "check. Please try again or use PayPal. If money left your account without an order, it's only a "
            "reservation and will be released within 5 days.\n\nBest regards,\n{agent}",
            "Hello {name}, I can't see a completed order, so the amount you see is a pending authorisation that "
            "your bank will release automatically. Kind regards, {agent}",
        ],
    },
    "double_charged": {
        "category": "payment",
        "weight": 3,
        "tags": ["payment", "billing"],
        "subjects": ["Charged twice", "Double payment", "Duplicate charge"],
        "asks": [
            "I was charged twice for my order.",
            "There are two payments for one order on my card.",
            "Why did you take the money twice?",
            "double charge on my credit card",
            "I see two charges of {amount}, please refund one",
        ],
        "context": ["Order {order}.", "My card ends in 4421.", "It's on my statement since {when}."],
        "replies": [
            "Hi {name},\n\nthe second amount is a temporary authorisation, not a charge. It will disappear from "
            "your statement within 3-5 working days.\n\nKind regards,\n{agent}",
            "Hello {name}, you were indeed charged twice - I've refunded the duplicate payment. It will be back on "
            "your card within 5 working days. Best regards, {agent}",
        ],
    },
    "invoice_vat": {
        "category": "payment",
        "weight": 4,
        "tags": ["invoice", "billing"],
        "subjects": ["Invoice request", "VAT invoice", "Need a receipt", "Invoice with company name"],
        "asks": [
            "Can I get an invoice for my order?",
            "I need a VAT invoice with my company details.",
            "Where can I download my invoice?",
            "Could you send me a receipt for order {order}?",
            "Can you add our VAT number to the invoice?",
            "need an invoice for my expense report",
        ],
        "context": ["It's for my company.", "Our VAT number is DE123456789.", "I ordered {when}."],
        "replies": [
            "Hi {name},\n\nyou can download invoices for all your orders from your account under 'Order history'. "
            "If you need company details or a VAT number on it, reply with them and we'll issue a new one.\n\n"
            "Best regards,\n{agent}",
            "Hello {name}, I've attached the invoice for your order. All invoices are also in your account under "
            "Order history. Kind regards, {agent}",
        ],
    },
    "international_shipping": {
        "category": "shipping",
        "weight": 4,
        "tags": ["international", "shipping"],
        "subjects": ["Do you ship to {country}?", "International shipping", "Shipping abroad"],
        "asks": [
            "Do you ship to {country}?",
            "Can I order from {country}?",
            "Do you deliver outside the EU?",
            "what does shipping to {country} cost",
            "Is international delivery available?",
            "how long does it take to ship to {country}?",
        ],
        "context": ["I'm moving to {country}.", "It's a gift for my sister in {country}."],
        "replies": [
            "Hi {name},\n\nyes, we ship to more than 40 countries, including {country}. Shipping costs and delivery "
            "times are shown at checkout once you enter your address.\n\nBest,\n{agent}",
            "Hello {name}, we deliver worldwide. Outside the EU delivery takes 5-10 working days. "
            "Kind regards, {agent}",
        ],
    },
    "customs_fees": {
        "category": "shipping",
        "weight": 3,
        "tags": ["customs", "international"],
        "subjects": ["Customs fees", "Import duties", "Why do I have to pay customs?"],
        "asks": [
            "Do I have to pay customs fees?",
            "The courier is asking for import duties, is that right?",
            "Who pays customs charges?",
            "I got a bill for duties on my order",
            "Are taxes included for orders to {country}?",
        ],
        "context": ["I'm in {country}.", "Nobody told me about this at checkout.", "It was {amount}."],
        "replies": [
            "Hi {name},\n\nfor orders outside the EU, import duties and taxes are set by your country's customs "
            "and paid on delivery. Orders to the UK under £135 are shipped with duties paid.\n\nKind regards,\n{agent}",
            "Hello {name}, customs charges are collected by the carrier on behalf of your country's authorities; "
            "we can't see or refund them. Best regards, {agent}",
        ],
    },
    "account_password": {
        "category": "account",
        "weight": 4,
        "tags": ["account", "login"],
        "subjects": ["Can't log in", "Password reset", "Account locked", "forgot password"],
        "asks": [
            "I forgot my password.",
            "I can't log into my account.",
            "The password reset email never arrives.",
            "How do I reset my password?",
            "my account is locked",
            "login not working",
            "I can't sign in with my email {email}",
        ],
        "context": ["I've tried several times.", "I checked spam.", "I created the account {when}."],
        "replies": [
            "Hi {name},\n\nyou can reset your password with 'Forgot password?' on the sign-in page. The email can "
            "take a few minutes; please check your spam folder too.\n\nBest regards,\n{agent}",
            "Hello {name}, I've unlocked your account and sent a new reset link. Kind regards, {agent}",
        ],
    },
    "delete_account": {
        "category": "account",
        "weight": 2,
        "tags": ["account", "privacy"],
        "subjects": ["Delete my account", "Close account", "GDPR request", "unsubscribe and delete data"],
        "asks": [
            "Please delete my account.",
            "How can I close my account?",
            "I want all my data deleted.",
            "remove me from your database",
            "How do I delete my customer account?",
        ],
        "context": ["I don't shop online anymore.", "I keep getting emails."],
        "replies": [
            "Hi {name},\n\nyou can delete your account yourself under Account > Privacy. Once deleted, we remove "
            "your personal data within 30 days, except what we must keep for invoices.\n\nKind regards,\n{agent}",
            "Hello {name}, your account has been deleted and you won't receive any further emails. Best, {agent}",
        ],
    },
    "newsletter_unsubscribe": {
        "category": "account",
        "weight": 2,
        "tags": ["newsletter", "marketing"],
        "subjects": ["Unsubscribe", "Stop emails", "Too many emails"],
        "asks": [
            "How do I unsubscribe from your emails?",
            "Please stop sending me newsletters.",
            "I keep getting marketing emails, stop",
            "unsubscribe me pls",
            "how do i opt out of emails",
        ],
        "context": ["I clicked unsubscribe but still get them.", "It's every day now."],
        "replies": [
            "Hi {name},\n\nevery newsletter has an 'Unsubscribe' link at the bottom; it takes effect within 48 "
            "hours. I've also removed you from our list manually.\n\nBest regards,\n{agent}",
        ],
    },
    "order_confirmation_missing": {
        "category": "orders",
        "weight": 2,
        "tags": ["confirmation-email", "orders"],
        "subjects": [
            "No order confirmation",
            "Didn't get confirmation email",
            "Did my order go through?",
            "no confirmation email",
            "Order confirmation missing",
        ],
        "asks": [
            "I never got my order confirmation email.",
            "Did my order go through? I didn't get an email.",
            "I placed an order but received no confirmation.",
            "no confirmation email after paying",
            "Money is gone but no order confirmation?",
            "I didn't receive any email after ordering.",
            "Can you confirm you received my order? No email came.",
            "where is my order confirmation",
            "checked spam, still no confirmation mail",
        ],
        "context": ["I ordered {when}.", "I paid with PayPal.", "I checked my spam folder.", "My email is {email}."],
        "replies": [
            "Hi {name},\n\nyour order went through fine - we had a temporary problem sending confirmation emails. "
            "You can see your order any time under Order history in your account, and the shipping email will "
            "arrive as normal.\n\nBest regards,\n{agent}",
            "Hello {name}, I can confirm we received your order and it is being prepared. Our confirmation emails "
            "were delayed, sorry about that. Kind regards, {agent}",
        ],
    },
    "order_history": {
        "category": "orders",
        "weight": 2,
        "tags": ["account", "orders"],
        "subjects": ["Past orders", "Order history", "Find an old order"],
        "asks": [
            "Where can I see my past orders?",
            "How do I find an old order?",
            "Can I see what I ordered last year?",
            "I need details of a previous order",
            "where is my order history",
        ],
        "context": ["I want to reorder the same {product}.", "I need it for a warranty claim."],
        "replies": [
            "Hi {name},\n\nall your orders, invoices and tracking links are under Account > Order history. "
            "Guest orders can be looked up with your order number and email on our help site.\n\nBest,\n{agent}",
        ],
    },
    "gift_card": {
        "category": "payment",
        "weight": 2,
        "tags": ["gift-card"],
        "subjects": ["Gift card", "Gift voucher balance", "Gift card not working"],
        "asks": [
            "How do I use my gift card?",
            "How can I check my gift card balance?",
            "My gift card code doesn't work",
            "Can I use a gift card and a discount code together?",
            "do gift cards expire?",
        ],
        "context": ["I got it for my birthday.", "It's worth {amount}."],
        "replies": [
            "Hi {name},\n\nenter your gift card number in the payment step at checkout; the balance is shown "
            "there too. Gift cards are valid for 3 years and can be combined with discount codes.\n\nBest,\n{agent}",
        ],
    },
    "price_match": {
        "category": "product",
        "weight": 2,
        "tags": ["pricing"],
        "subjects": ["Price drop after purchase", "Price match?", "Price difference refund"],
        "asks": [
            "The price dropped a day after I ordered, can I get the difference?",
            "Do you price match?",
            "It's cheaper on another site, can you match it?",
            "the {product} went on sale right after I bought it",
        ],
        "context": ["I paid {amount}.", "I ordered {when}."],
        "replies": [
            "Hi {name},\n\nif the price of an item drops within 14 days of your order, we refund the difference. "
            "I've done that for you now.\n\nKind regards,\n{agent}",
        ],
    },
    "care_instructions": {
        "category": "product",
        "weight": 2,
        "tags": ["product", "care"],
        "subjects": ["Washing instructions", "How to wash {product}", "Care question"],
        "asks": [
            "How should I wash the {product}?",
            "Can the {product} go in the dryer?",
            "Is the {product} machine washable?",
            "how to clean my {product}",
            "will it shrink in the wash?",
        ],
        "context": ["It's the {color} one.", "I don't want to ruin it."],
        "replies": [
            "Hi {name},\n\nwash it at 30°C on a gentle cycle, inside out, and let it dry flat. Please don't tumble "
            "dry. The care label inside has the details.\n\nBest regards,\n{agent}",
        ],
    },
    "warranty": {
        "category": "returns",
        "weight": 2,
        "tags": ["warranty", "quality"],
        "subjects": ["Warranty claim", "Guarantee", "Broken after a few months"],
        "asks": [
            "Is the {product} covered by warranty?",
            "My {product} broke after 6 months, can it be repaired?",
            "How do I make a warranty claim?",
            "what is the guarantee on your products?",
        ],
        "context": ["I bought it {when}.", "I still have the receipt."],
        "replies": [
            "Hi {name},\n\nall our products have a 2-year warranty. Start a return in our returns portal, choose "
            "'faulty' and add a photo; we'll repair or replace it.\n\nKind regards,\n{agent}",
        ],
    },
}

# Tickets in other languages (about 5%): wordings for the commonest question types.
FOREIGN: dict[str, dict[str, dict[str, list[str]]]] = {
    "vi": {
        "where_is_my_order": {
            "asks": [
                "Đơn hàng của tôi đang ở đâu?",
                "Khi nào tôi nhận được hàng?",
                "Tôi chưa nhận được đơn hàng {order}.",
                "Đơn hàng của tôi đã được giao chưa?",
                "Tôi đặt hàng {when_vi} mà vẫn chưa thấy.",
            ],
            "subjects": ["Đơn hàng chưa đến", "Tình trạng đơn hàng"],
            "replies": [
                "Chào bạn, đơn hàng của bạn đang được vận chuyển và sẽ đến trong 2-4 ngày làm việc. "
                "Bạn có thể theo dõi trên trang theo dõi đơn hàng. Trân trọng, {agent}"
            ],
        },
        "return_item": {
            "asks": [
                "Làm thế nào để trả lại sản phẩm?",
                "Tôi muốn đổi trả {product_vi}.",
                "Chính sách đổi trả là gì?",
                "Tôi có thể trả hàng trong bao nhiêu ngày?",
            ],
            "subjects": ["Trả hàng", "Đổi trả"],
            "replies": [
                "Chào bạn, bạn có thể trả hàng miễn phí trong vòng 30 ngày qua cổng trả hàng của chúng tôi. "
                "Trân trọng, {agent}"
            ],
        },
        "refund_status": {
            "asks": [
                "Khi nào tôi nhận được tiền hoàn lại?",
                "Tôi vẫn chưa được hoàn tiền.",
                "Tiền hoàn lại của tôi đâu?",
            ],
            "subjects": ["Hoàn tiền"],
            "replies": ["Chào bạn, tiền hoàn lại sẽ về tài khoản của bạn trong 3-5 ngày làm việc. Trân trọng, {agent}"],
        },
        "order_confirmation_missing": {
            "asks": ["Tôi không nhận được email xác nhận đơn hàng.", "Đơn hàng của tôi đã được đặt thành công chưa?"],
            "subjects": ["Không có email xác nhận"],
            "replies": ["Chào bạn, đơn hàng của bạn đã được ghi nhận. Email xác nhận bị chậm, xin lỗi bạn. {agent}"],
        },
    },
    "th": {
        "where_is_my_order": {
            "asks": ["พัสดุของฉันอยู่ที่ไหนคะ", "คำสั่งซื้อของผมยังไม่มาถึงครับ", "สินค้าจะมาถึงเมื่อไหร่คะ", "ยังไม่ได้รับของเลยค่ะ สั่งไปนานแล้ว"],
            "subjects": ["สินค้ายังไม่มาถึง", "สถานะคำสั่งซื้อ"],
            "replies": ["สวัสดีค่ะ พัสดุของคุณอยู่ระหว่างการจัดส่งและจะถึงภายใน 2-4 วันทำการ ขอบคุณค่ะ {agent}"],
        },
        "return_item": {
            "asks": ["ต้องการคืนสินค้าต้องทำอย่างไรคะ", "ขอคืนสินค้าได้ไหมครับ ไซส์ไม่พอดี", "นโยบายการคืนสินค้าเป็นอย่างไร"],
            "subjects": ["คืนสินค้า"],
            "replies": ["สวัสดีค่ะ คุณสามารถคืนสินค้าได้ฟรีภายใน 30 วันผ่านหน้าคืนสินค้าของเรา ขอบคุณค่ะ {agent}"],
        },
        "refund_status": {
            "asks": ["จะได้รับเงินคืนเมื่อไหร่คะ", "ยังไม่ได้รับเงินคืนเลยครับ"],
            "subjects": ["เงินคืน"],
            "replies": ["สวัสดีค่ะ เงินคืนจะเข้าบัญชีของคุณภายใน 3-5 วันทำการ ขอบคุณค่ะ {agent}"],
        },
    },
    "bg": {
        "where_is_my_order": {
            "asks": [
                "Къде е поръчката ми?",
                "Кога ще пристигне пратката ми?",
                "Все още не съм получил поръчката си.",
                "Поръчах {when_bg}, а още нищо не е пристигнало.",
            ],
            "subjects": ["Поръчката не е пристигнала", "Статус на поръчка"],
            "replies": [
                "Здравейте, пратката ви е на път и ще пристигне до 2-4 работни дни. "
                "Можете да я проследите на страницата за проследяване. Поздрави, {agent}"
            ],
        },
        "return_item": {
            "asks": ["Как мога да върна продукт?", "Искам да върна поръчката си.", "Каква е политиката за връщане?"],
            "subjects": ["Връщане на стока"],
            "replies": [
                "Здравейте, можете да върнете стоката безплатно в рамките на 30 дни чрез портала за връщане. "
                "Поздрави, {agent}"
            ],
        },
        "refund_status": {
            "asks": ["Кога ще получа парите си обратно?", "Още не съм получила възстановяване на сумата."],
            "subjects": ["Възстановяване на сума"],
            "replies": ["Здравейте, сумата ще бъде възстановена до 3-5 работни дни. Поздрави, {agent}"],
        },
        "payment_failed": {
            "asks": ["Плащането ми не минава.", "Картата ми беше отхвърлена при плащане."],
            "subjects": ["Проблем с плащането"],
            "replies": ["Здравейте, моля опитайте отново или използвайте PayPal. Поздрави, {agent}"],
        },
    },
    "zh": {
        "where_is_my_order": {
            "asks": [
                "我的訂單在哪裡？",
                "請問我的包裹什麼時候會到？",
                "我還沒收到訂單 {order}。",
                "訂單已經出貨了嗎？",
            ],
            "subjects": ["訂單還沒到", "訂單狀態"],
            "replies": ["您好，您的包裹正在運送中，預計2-4個工作天內送達。您可以在訂單追蹤頁面查詢。謝謝，{agent}"],
        },
        "return_item": {
            "asks": ["請問要怎麼退貨？", "我想退回這件商品。", "退貨政策是什麼？", "尺寸不合可以退換嗎？"],
            "subjects": ["退貨申請"],
            "replies": ["您好，商品可在30天內透過退貨頁面免費退回。謝謝，{agent}"],
        },
        "refund_status": {
            "asks": ["我的退款什麼時候會到？", "我還沒收到退款。"],
            "subjects": ["退款進度"],
            "replies": ["您好，退款將在3-5個工作天內退回您的帳戶。謝謝，{agent}"],
        },
        "order_confirmation_missing": {
            "asks": ["我沒有收到訂單確認信。", "我的訂單有成功嗎？沒收到郵件。"],
            "subjects": ["沒有收到確認信"],
            "replies": ["您好，我們已收到您的訂單，確認信延遲寄出，非常抱歉。謝謝，{agent}"],
        },
    },
}
FOREIGN_SLOTS = {
    "when_vi": ["tuần trước", "hôm thứ Hai", "10 ngày trước"],
    "when_bg": ["миналата седмица", "в понеделник", "преди 10 дни"],
    "product_vi": ["đôi giày", "áo khoác", "chiếc ba lô"],
}
