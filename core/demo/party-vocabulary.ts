/**
 * Places and names for customers, suppliers and their addresses. US customers cluster around
 * the Chicago and Dallas warehouses, Canadian ones around Toronto. Phone numbers use the
 * 555-01xx range and e-mail domains end in .example, so nothing here reaches a real party.
 */

export type City = { city: string; region: string; areaCode: string; postalPrefix: string; weight: number };

export const US_CITIES: readonly City[] = [
  { city: "Chicago", region: "IL", areaCode: "312", postalPrefix: "606", weight: 14 },
  { city: "Naperville", region: "IL", areaCode: "630", postalPrefix: "605", weight: 4 },
  { city: "Schaumburg", region: "IL", areaCode: "847", postalPrefix: "601", weight: 4 },
  { city: "Joliet", region: "IL", areaCode: "815", postalPrefix: "604", weight: 3 },
  { city: "Rockford", region: "IL", areaCode: "815", postalPrefix: "611", weight: 2 },
  { city: "Peoria", region: "IL", areaCode: "309", postalPrefix: "616", weight: 2 },
  { city: "Milwaukee", region: "WI", areaCode: "414", postalPrefix: "532", weight: 5 },
  { city: "Madison", region: "WI", areaCode: "608", postalPrefix: "537", weight: 3 },
  { city: "Gary", region: "IN", areaCode: "219", postalPrefix: "464", weight: 2 },
  { city: "Indianapolis", region: "IN", areaCode: "317", postalPrefix: "462", weight: 5 },
  { city: "Grand Rapids", region: "MI", areaCode: "616", postalPrefix: "495", weight: 3 },
  { city: "Detroit", region: "MI", areaCode: "313", postalPrefix: "482", weight: 3 },
  { city: "St. Louis", region: "MO", areaCode: "314", postalPrefix: "631", weight: 4 },
  { city: "Des Moines", region: "IA", areaCode: "515", postalPrefix: "503", weight: 2 },
  { city: "Minneapolis", region: "MN", areaCode: "612", postalPrefix: "554", weight: 3 },
  { city: "Dallas", region: "TX", areaCode: "214", postalPrefix: "752", weight: 12 },
  { city: "Fort Worth", region: "TX", areaCode: "817", postalPrefix: "761", weight: 5 },
  { city: "Plano", region: "TX", areaCode: "972", postalPrefix: "750", weight: 3 },
  { city: "Irving", region: "TX", areaCode: "972", postalPrefix: "750", weight: 3 },
  { city: "Arlington", region: "TX", areaCode: "817", postalPrefix: "760", weight: 3 },
  { city: "Houston", region: "TX", areaCode: "713", postalPrefix: "770", weight: 6 },
  { city: "Austin", region: "TX", areaCode: "512", postalPrefix: "787", weight: 4 },
  { city: "San Antonio", region: "TX", areaCode: "210", postalPrefix: "782", weight: 3 },
  { city: "Oklahoma City", region: "OK", areaCode: "405", postalPrefix: "731", weight: 3 },
  { city: "Tulsa", region: "OK", areaCode: "918", postalPrefix: "741", weight: 2 },
  { city: "Shreveport", region: "LA", areaCode: "318", postalPrefix: "711", weight: 2 },
  { city: "Little Rock", region: "AR", areaCode: "501", postalPrefix: "722", weight: 2 },
];

/** Canadian postal codes start with a letter for the province (and a digit for the area). */
export const CA_CITIES: readonly City[] = [
  { city: "Toronto", region: "ON", areaCode: "416", postalPrefix: "M", weight: 16 },
  { city: "Mississauga", region: "ON", areaCode: "905", postalPrefix: "L5", weight: 6 },
  { city: "Brampton", region: "ON", areaCode: "905", postalPrefix: "L6", weight: 4 },
  { city: "Vaughan", region: "ON", areaCode: "905", postalPrefix: "L4", weight: 3 },
  { city: "Markham", region: "ON", areaCode: "905", postalPrefix: "L3", weight: 3 },
  { city: "Hamilton", region: "ON", areaCode: "905", postalPrefix: "L8", weight: 4 },
  { city: "Ottawa", region: "ON", areaCode: "613", postalPrefix: "K1", weight: 5 },
  { city: "Kitchener", region: "ON", areaCode: "519", postalPrefix: "N2", weight: 3 },
  { city: "London", region: "ON", areaCode: "519", postalPrefix: "N6", weight: 3 },
  { city: "Kingston", region: "ON", areaCode: "613", postalPrefix: "K7", weight: 2 },
  { city: "Montreal", region: "QC", areaCode: "514", postalPrefix: "H3", weight: 4 },
  { city: "Halifax", region: "NS", areaCode: "902", postalPrefix: "B3", weight: 2 },
  { city: "Winnipeg", region: "MB", areaCode: "204", postalPrefix: "R3", weight: 2 },
  { city: "Calgary", region: "AB", areaCode: "403", postalPrefix: "T2", weight: 2 },
  { city: "Vancouver", region: "BC", areaCode: "604", postalPrefix: "V6", weight: 2 },
];

/** Provinces that charge the harmonized tax; the rest of Canada charges GST alone here. */
export const HST_PROVINCES: ReadonlySet<string> = new Set(["ON", "NS", "NB", "NL", "PE"]);

export const STREET_NAMES = [
  "Industrial", "Commerce", "Enterprise", "Lake", "Oak", "Maple", "Main", "Market", "Harbor", "Airport", "Center",
  "Park", "Prairie", "Ridge", "River", "Elm", "Cedar", "Washington", "Lincoln", "Madison", "Franklin", "Jefferson",
  "Mill", "Railroad", "Spring", "Union", "Hillside", "Meadow", "Forest", "Technology", "Corporate", "Distribution",
];
export const CA_STREET_NAMES = [
  "King", "Queen", "Yonge", "Bay", "Dundas", "Bloor", "Eglinton", "Steeles", "Lakeshore", "Kennedy", "Finch",
  "Sheppard", "Victoria Park", "Dufferin", "Industrial", "Commerce", "Wellington", "Richmond", "Adelaide", "Front",
];
export const STREET_SUFFIXES = ["St", "Ave", "Blvd", "Dr", "Rd", "Pkwy", "Way", "Ct", "Ln"];

export const PLACE_WORDS = [
  "Lakeside", "Riverside", "Prairie", "Northshore", "Midwest", "Heartland", "Great Lakes", "Lone Star", "Gulf Coast",
  "Summit", "Oak Park", "Cedar", "Maple Grove", "Pinecrest", "Brookfield", "Fairview", "Westfield", "Eastgate",
  "Ridgeview", "Highland", "Harbor", "Parkside", "Meadowbrook", "Stonebridge", "Clearwater", "Silver Creek",
  "Red River", "Trinity", "Bluebonnet", "Heritage", "Frontier", "Cornerstone", "Crossroads", "Keystone",
];
export const CA_PLACE_WORDS = [
  "Lakeshore", "Maple Leaf", "Northern", "Huron", "Rideau", "Niagara", "Georgian Bay", "Muskoka", "Laurentian",
  "Fraser", "Prairie", "Atlantic", "Bayview", "Don Valley", "Humber", "Credit River", "Algonquin", "Kawartha",
  "St. Lawrence", "Trillium", "Northland", "Cedarvale",
];
export const SURNAMES = [
  "Anderson", "Baker", "Brennan", "Carlson", "Castillo", "Delgado", "Dempsey", "Fischer", "Foster", "Garcia",
  "Hansen", "Hoffman", "Jensen", "Kaminski", "Keller", "Kowalczyk", "Larson", "Lindqvist", "Martinez", "McAllister",
  "Morrison", "Novak", "O'Brien", "Olsen", "Patel", "Peterson", "Quinn", "Ramirez", "Reyes", "Schmidt", "Sullivan",
  "Tremblay", "Vasquez", "Walsh", "Weber", "Young", "Zielinski", "Gagnon", "Roy", "Bouchard", "Singh", "Nguyen",
];
export const SAINTS = ["St. Mary's", "St. Joseph's", "St. Luke's", "Mercy", "Good Samaritan", "Providence", "St. Michael's", "Holy Cross"];

/** Name patterns per customer group; {P} place, {S} surname, {C} city, {X} saint. */
export const CUSTOMER_NAME_PATTERNS: Record<string, readonly string[]> = {
  CONTRACTORS: [
    "{S} Mechanical", "{P} Electric", "{S} Plumbing & Heating", "{P} Construction", "{S} Builders", "{P} Roofing",
    "{S} & Sons Contracting", "{P} HVAC Services", "{S} General Contractors", "{P} Fire Protection",
  ],
  FACILITIES: [
    "{P} Facility Services", "{S} Property Management", "{P} Building Maintenance", "{P} Janitorial",
    "{S} Cleaning Solutions", "{P} Commercial Cleaning", "{S} Realty Management", "{P} Industrial Park Association",
  ],
  HEALTHCARE: [
    "{P} Memorial Hospital", "{P} Medical Center", "{X} Health System", "{P} Family Clinic", "{P} Senior Living",
    "{P} Dental Group", "{X} Hospital", "{P} Rehabilitation Center", "{P} Veterinary Hospital",
  ],
  EDUCATION: [
    "{P} School District", "{P} Community College", "{C} University", "{X} Academy", "{P} Public Schools",
    "{P} Montessori School", "{C} Technical Institute",
  ],
  HOSPITALITY: [
    "{P} Hotel & Suites", "{S}'s Restaurant Group", "{P} Conference Center", "{P} Inn", "{P} Country Club",
    "{P} Resort & Spa", "{S} Catering", "{P} Event Center", "{C} Marriott Franchise Partners",
  ],
  GOVERNMENT: ["City of {C}", "{P} County Facilities", "Village of {P}", "{C} Housing Authority", "{C} Transit Authority", "{C} Parks Department"],
};
export const CA_GOVERNMENT_PATTERNS = ["City of {C}", "Region of {P}", "Town of {P}", "{C} Community Housing", "{C} Public Library"];
export const CA_EDUCATION_PATTERNS = ["{P} District School Board", "{C} College", "{X} Catholic School Board", "{P} Academy", "{C} Polytechnic"];

export const US_COMPANY_SUFFIXES = ["Inc.", "LLC", "Co.", "Corp.", "Group", ""];
export const CA_COMPANY_SUFFIXES = ["Ltd.", "Inc.", "Corp.", ""];

export const SHIP_TO_KINDS = ["Warehouse", "Plant", "Campus", "Site", "Annex", "Branch", "Service Center", "North", "South"];

export const US_SUPPLIERS: readonly string[] = [
  "Great Lakes Paper Mills", "Prairie Poly Bag Co.", "Lone Star Chemical Supply", "Midwest Fastener Corp.",
  "Ironclad Tool Works", "Brightline Electrical Supply", "Northstar Safety Products", "Heartland Janitorial Mfg.",
  "Summit Packaging Group", "Keystone Plumbing Products", "Liberty Breakroom Supply", "Atlas Material Handling",
  "Pioneer Office Products", "Gulf Coast Corrugated", "Red River Glove Co.", "Allied Cleaning Chemicals",
  "Cornerstone Hardware Distributors", "Bluebonnet Foodservice Disposables", "Titan Casters & Wheels",
  "Evergreen Tissue Products", "Frontier Wire & Cable", "Granite State Brush Co.", "Apex Lighting Solutions",
  "Riverbend Valve & Fitting", "Clearview Safety Eyewear", "Sterling Label & Tape", "Consolidated Mop & Broom",
  "Harbor Freight Packaging Supply", "Union Steel Shelving", "Patriot Coffee Service",
];
export const EUR_SUPPLIERS: readonly { name: string; city: string; region: string; postalCode: string; country: string; phone: string }[] = [
  { name: "Nordwerk Sicherheitstechnik GmbH", city: "Hamburg", region: "HH", postalCode: "20457", country: "DE", phone: "+49 40 5550 1234" },
  { name: "Van Dijk Hygiene B.V.", city: "Rotterdam", region: "ZH", postalCode: "3011 AA", country: "NL", phone: "+31 10 555 0182" },
];
export const CA_SUPPLIERS: readonly string[] = [
  "Maple Leaf Paper Products", "Laurentian Chemicals", "Huron Packaging", "Fraser Valley Safety Supply",
  "Rideau Fasteners", "Northern Electric Wholesale", "Niagara Plumbing Supply", "Trillium Janitorial Products",
  "Georgian Bay Tool Co.", "Muskoka Breakroom Supply", "Algonquin Material Handling", "Kawartha Office Supply",
  "Atlantic Corrugated Containers", "St. Lawrence Disposables",
];
