/**
 * What a wholesale distributor of industrial, janitorial and packaging supplies sells: per
 * category, product templates whose attribute axes multiply into believable SKUs. Costs are
 * US cents per base unit; weights are kilograms per base unit.
 */

export type BaseUom = "EA" | "GAL" | "RL";
export type PackUom = "BX" | "PK" | "DZ";

export type ProductTemplate = {
  noun: string;
  axes: readonly (readonly string[])[];
  baseUom: BaseUom;
  /** Absent when the item is sold in its base unit. */
  sales?: { uom: PackUom; qty: number };
  /** Base units per case; every option is a multiple of the sales quantity. Empty: bought by the each. */
  caseQty: readonly number[];
  /** Cases per pallet, for goods that also move by the full pallet. */
  palletCases?: number;
  costCents: readonly [number, number];
  weightKg: readonly [number, number];
};

export type CategoryVocabulary = { code: string; name: string; skuPrefix: string; templates: readonly ProductTemplate[] };

const SIZES = ["Small", "Medium", "Large", "X-Large", "XX-Large"];
const PIPE_SIZES = ["1/2 in", "3/4 in", "1 in", "1-1/4 in", "1-1/2 in", "2 in", "3 in", "4 in"];

const JANITORIAL: CategoryVocabulary = {
  code: "JAN", name: "Janitorial", skuPrefix: "JAN", templates: [
    { noun: "Microfiber Cleaning Cloth", axes: [["12 x 12 in", "16 x 16 in"], ["Blue", "Green", "Red", "Yellow"], ["300 GSM", "350 GSM"]], baseUom: "EA", sales: { uom: "DZ", qty: 12 }, caseQty: [144, 240], costCents: [45, 120], weightKg: [0.03, 0.05] },
    { noun: "Wet Mop Head", axes: [["Cotton", "Rayon", "Cotton/Synthetic Blend", "Microfiber"], ["16 oz", "20 oz", "24 oz", "32 oz"], ["Cut-End", "Looped-End"], ["Narrow Band", "Wide Band"]], baseUom: "EA", caseQty: [12], costCents: [350, 950], weightKg: [0.4, 0.9] },
    { noun: "Dust Mop Refill", axes: [["18 in", "24 in", "36 in", "48 in", "60 in"], ["Cotton", "Synthetic"]], baseUom: "EA", caseQty: [12], costCents: [550, 1600], weightKg: [0.3, 0.9] },
    { noun: "Trash Can Liner", axes: [["16 gal", "33 gal", "45 gal", "56 gal", "60 gal"], ["Clear", "Black", "Gray"], ["0.7 mil", "1.0 mil", "1.5 mil", "2.0 mil"]], baseUom: "EA", sales: { uom: "BX", qty: 100 }, caseQty: [500, 1000], palletCases: 40, costCents: [6, 28], weightKg: [0.02, 0.12] },
    { noun: "Push Broom", axes: [["18 in", "24 in", "36 in"], ["Fine Sweep", "Medium Sweep", "Rough Sweep"], ["Tampico", "Polypropylene", "Horsehair Blend"]], baseUom: "EA", caseQty: [6, 12], costCents: [1400, 3600], weightKg: [0.9, 1.8] },
    { noun: "Mop Bucket with Wringer", axes: [["26 qt", "35 qt", "44 qt"], ["Yellow", "Gray", "Red"], ["Side-Press", "Down-Press"]], baseUom: "EA", caseQty: [2], costCents: [4200, 9800], weightKg: [5.5, 9.5] },
    { noun: "Toilet Bowl Brush", axes: [["Plastic Handle", "Wood Handle"], ["With Caddy", "Without Caddy"]], baseUom: "EA", caseQty: [24], costCents: [260, 720], weightKg: [0.15, 0.4] },
    { noun: "Wet Floor Sign", axes: [["2-Sided", "4-Sided"], ["English", "English/Spanish", "English/French"], ["25 in", "36 in"]], baseUom: "EA", caseQty: [6, 12], costCents: [900, 2400], weightKg: [0.9, 1.6] },
  ],
};

const PAPER: CategoryVocabulary = {
  code: "PAP", name: "Paper Products", skuPrefix: "PAP", templates: [
    { noun: "Multifold Paper Towels", axes: [["1-Ply", "2-Ply"], ["White", "Natural"], ["9.2 x 9.4 in", "9.1 x 9.5 in"], ["150 Sheets/Pack", "250 Sheets/Pack"]], baseUom: "EA", caseQty: [16], palletCases: 50, costCents: [120, 320], weightKg: [0.3, 0.6] },
    { noun: "Hardwound Roll Towels", axes: [["7.5 in x 600 ft", "8 in x 800 ft", "8 in x 1000 ft"], ["White", "Natural", "Brown"], ["Standard", "Premium"]], baseUom: "RL", caseQty: [6, 12], palletCases: 40, costCents: [260, 640], weightKg: [1.2, 2.2] },
    { noun: "Bath Tissue", axes: [["2-Ply 500 Sheets", "1-Ply 1000 Sheets", "2-Ply 400 Sheets"], ["Standard Roll", "Jumbo Roll 9 in", "Jumbo Roll 12 in", "Coreless"], ["White", "Natural"]], baseUom: "RL", caseQty: [12, 48, 96], palletCases: 30, costCents: [45, 480], weightKg: [0.12, 1.6] },
    { noun: "Facial Tissue", axes: [["2-Ply"], ["100 Sheets/Box", "125 Sheets/Box", "Cube 85 Sheets"]], baseUom: "EA", caseQty: [30, 36], costCents: [80, 170], weightKg: [0.15, 0.25] },
    { noun: "Dinner Napkin", axes: [["1-Ply", "2-Ply"], ["15 x 17 in", "17 x 17 in"], ["White", "Black", "Kraft"]], baseUom: "EA", sales: { uom: "BX", qty: 500 }, caseQty: [3000], costCents: [1, 3], weightKg: [0.003, 0.006] },
    { noun: "Paper Plate", axes: [["6 in", "7 in", "9 in", "10 in"], ["Uncoated", "Coated", "Heavy Duty"], ["White", "Kraft"]], baseUom: "EA", sales: { uom: "BX", qty: 100 }, caseQty: [500, 1000], costCents: [3, 12], weightKg: [0.005, 0.02] },
    { noun: "Kraft Paper Roll", axes: [["24 in", "30 in", "36 in", "48 in"], ["30 lb", "40 lb", "50 lb"], ["Natural", "Bleached"]], baseUom: "RL", caseQty: [2], costCents: [2800, 7200], weightKg: [12, 30] },
    { noun: "Center-Pull Towels", axes: [["1-Ply", "2-Ply"], ["8 in x 600 ft", "8.25 in x 660 ft"], ["White", "Natural"]], baseUom: "RL", caseQty: [6], costCents: [650, 1250], weightKg: [1.5, 2.5] },
  ],
};

const PACKAGING: CategoryVocabulary = {
  code: "PKG", name: "Packaging", skuPrefix: "PKG", templates: [
    { noun: "Corrugated Shipping Box", axes: [["6 x 6 x 6 in", "8 x 8 x 8 in", "10 x 8 x 6 in", "12 x 12 x 12 in", "14 x 10 x 8 in", "16 x 12 x 10 in", "18 x 18 x 18 in", "20 x 14 x 12 in", "24 x 18 x 18 in"], ["32 ECT", "44 ECT", "48 ECT Double Wall"], ["Kraft", "White"]], baseUom: "EA", sales: { uom: "BX", qty: 25 }, caseQty: [25, 50], palletCases: 20, costCents: [35, 420], weightKg: [0.1, 1.2] },
    { noun: "Carton Sealing Tape", axes: [["48 mm x 50 m", "48 mm x 100 m", "72 mm x 100 m"], ["Clear", "Tan", "Brown"], ["1.6 mil", "2.0 mil", "3.0 mil"]], baseUom: "RL", caseQty: [24, 36], costCents: [140, 520], weightKg: [0.15, 0.35] },
    { noun: "Stretch Wrap Film", axes: [["12 in", "15 in", "18 in", "20 in"], ["60 ga", "70 ga", "80 ga", "90 ga"], ["1000 ft", "1500 ft"]], baseUom: "RL", caseQty: [4], palletCases: 50, costCents: [1400, 3600], weightKg: [1.8, 4.5] },
    { noun: "Poly Mailer", axes: [["6 x 9 in", "9 x 12 in", "10 x 13 in", "12 x 15.5 in", "14.5 x 19 in"], ["White", "Gray", "Black"], ["2.5 mil", "3.0 mil"]], baseUom: "EA", sales: { uom: "BX", qty: 100 }, caseQty: [500, 1000], costCents: [5, 26], weightKg: [0.008, 0.03] },
    { noun: "Bubble Wrap Roll", axes: [["12 in x 175 ft", "24 in x 175 ft", "12 in x 250 ft", "24 in x 250 ft"], ["3/16 in Bubble", "1/2 in Bubble"], ["Perforated", "Unperforated"]], baseUom: "RL", caseQty: [4], costCents: [1500, 4600], weightKg: [1.2, 3.5] },
    { noun: "Strapping Coil", axes: [["1/2 in", "5/8 in", "3/4 in"], ["Polypropylene", "Polyester", "Steel"]], baseUom: "RL", caseQty: [2], costCents: [2900, 9200], weightKg: [8, 20] },
  ],
};

const SAFETY: CategoryVocabulary = {
  code: "PPE", name: "Safety/PPE", skuPrefix: "PPE", templates: [
    { noun: "Nitrile Exam Gloves", axes: [SIZES, ["Powder-Free"], ["Blue", "Black", "Purple"], ["4 mil", "5 mil", "8 mil"]], baseUom: "EA", sales: { uom: "BX", qty: 100 }, caseQty: [1000], costCents: [5, 14], weightKg: [0.004, 0.008] },
    { noun: "Vinyl Gloves", axes: [SIZES, ["Clear"], ["Powdered", "Powder-Free"]], baseUom: "EA", sales: { uom: "BX", qty: 100 }, caseQty: [1000], costCents: [3, 6], weightKg: [0.004, 0.006] },
    { noun: "Safety Glasses", axes: [["Clear", "Gray", "Amber", "Indoor/Outdoor Mirror"], ["Anti-Fog", "Anti-Scratch"], ["Black Frame", "Blue Frame", "Frameless"]], baseUom: "EA", sales: { uom: "DZ", qty: 12 }, caseQty: [144], costCents: [140, 520], weightKg: [0.03, 0.05] },
    { noun: "Hi-Vis Safety Vest", axes: [["ANSI Class 2", "ANSI Class 3"], ["Lime", "Orange"], ["S/M", "L/XL", "2XL/3XL", "4XL/5XL"], ["Mesh", "Solid"]], baseUom: "EA", caseQty: [12, 24], costCents: [380, 1250], weightKg: [0.1, 0.25] },
    { noun: "Disposable Earplugs", axes: [["Corded", "Uncorded"], ["NRR 29", "NRR 32", "NRR 33"]], baseUom: "EA", sales: { uom: "BX", qty: 100 }, caseQty: [1000], costCents: [10, 32], weightKg: [0.002, 0.005] },
    { noun: "Hard Hat", axes: [["Cap Style", "Full Brim"], ["4-Point Ratchet", "6-Point Ratchet"], ["White", "Yellow", "Blue", "Orange", "Red"]], baseUom: "EA", caseQty: [12], costCents: [1100, 3100], weightKg: [0.35, 0.5] },
    { noun: "N95 Respirator", axes: [["Standard", "With Exhalation Valve"], ["One Size", "Small"]], baseUom: "EA", sales: { uom: "BX", qty: 20 }, caseQty: [240], costCents: [70, 190], weightKg: [0.01, 0.02] },
    { noun: "Cut-Resistant Gloves", axes: [SIZES, ["ANSI A2", "ANSI A4", "ANSI A6"]], baseUom: "EA", sales: { uom: "DZ", qty: 12 }, caseQty: [72, 144], costCents: [280, 1250], weightKg: [0.05, 0.1] },
  ],
};

const FASTENERS: CategoryVocabulary = {
  code: "FAS", name: "Fasteners", skuPrefix: "FAS", templates: [
    { noun: "Hex Cap Screw", axes: [["1/4-20", "5/16-18", "3/8-16", "1/2-13"], ["1 in", "1-1/2 in", "2 in", "3 in"], ["Zinc Plated", "Grade 8 Yellow Zinc", "18-8 Stainless"]], baseUom: "EA", sales: { uom: "BX", qty: 50 }, caseQty: [500, 1000], costCents: [5, 60], weightKg: [0.01, 0.1] },
    { noun: "Hex Nut", axes: [["1/4-20", "5/16-18", "3/8-16", "1/2-13", "5/8-11"], ["Zinc Plated", "18-8 Stainless", "Grade 8"]], baseUom: "EA", sales: { uom: "BX", qty: 100 }, caseQty: [1000, 2000], costCents: [2, 15], weightKg: [0.003, 0.03] },
    { noun: "Flat Washer", axes: [["1/4 in", "5/16 in", "3/8 in", "1/2 in", "5/8 in"], ["Zinc Plated", "18-8 Stainless", "Hot-Dip Galvanized"]], baseUom: "EA", sales: { uom: "BX", qty: 100 }, caseQty: [1000, 2000], costCents: [1, 8], weightKg: [0.002, 0.02] },
    { noun: "Wood Screw", axes: [["#6", "#8", "#10"], ["1 in", "1-1/4 in", "2 in", "2-1/2 in", "3 in"], ["Phillips Flat Head", "Square Drive"]], baseUom: "EA", sales: { uom: "BX", qty: 100 }, caseQty: [1000, 5000], costCents: [2, 10], weightKg: [0.002, 0.012] },
    { noun: "Drywall Anchor", axes: [["#6-8", "#8-10", "#10-12"], ["Plastic", "Self-Drilling Zinc"]], baseUom: "EA", sales: { uom: "BX", qty: 100 }, caseQty: [1000], costCents: [3, 15], weightKg: [0.002, 0.006] },
    { noun: "Wedge Anchor", axes: [["1/4 in", "3/8 in", "1/2 in"], ["2-1/4 in", "3 in", "3-3/4 in", "5-1/2 in"]], baseUom: "EA", sales: { uom: "BX", qty: 25 }, caseQty: [250, 500], costCents: [20, 125], weightKg: [0.02, 0.15] },
    { noun: "Self-Drilling Tek Screw", axes: [["#8", "#10", "#12"], ["3/4 in", "1 in", "1-1/2 in"], ["Hex Washer Head", "Pan Head"]], baseUom: "EA", sales: { uom: "BX", qty: 100 }, caseQty: [1000, 2500], costCents: [3, 10], weightKg: [0.002, 0.008] },
  ],
};

const ELECTRICAL: CategoryVocabulary = {
  code: "ELE", name: "Electrical", skuPrefix: "ELE", templates: [
    { noun: "LED A19 Bulb", axes: [["60W Equivalent", "75W Equivalent", "100W Equivalent"], ["2700K", "3000K", "4000K", "5000K"], ["Dimmable", "Non-Dimmable"]], baseUom: "EA", caseQty: [24, 48], costCents: [140, 420], weightKg: [0.05, 0.09] },
    { noun: "LED T8 Tube", axes: [["2 ft", "4 ft"], ["3500K", "4000K", "5000K"], ["Type A", "Type B", "Type A+B"]], baseUom: "EA", caseQty: [10, 25], costCents: [280, 820], weightKg: [0.15, 0.3] },
    { noun: "Extension Cord", axes: [["16/3", "14/3", "12/3"], ["25 ft", "50 ft", "100 ft"], ["Indoor", "Outdoor"]], baseUom: "EA", caseQty: [6, 12], costCents: [750, 4200], weightKg: [0.7, 3.5] },
    { noun: "Cable Ties", axes: [["4 in", "8 in", "11 in", "14 in"], ["18 lb", "40 lb", "50 lb", "120 lb"], ["Natural", "UV Black"]], baseUom: "EA", sales: { uom: "PK", qty: 100 }, caseQty: [1000, 5000], costCents: [1, 8], weightKg: [0.0005, 0.004] },
    { noun: "THHN Building Wire", axes: [["14 AWG", "12 AWG", "10 AWG"], ["Black", "White", "Red", "Green", "Blue"], ["500 ft Spool"]], baseUom: "RL", caseQty: [4], costCents: [4800, 15500], weightKg: [4, 11] },
    { noun: "Vinyl Electrical Tape", axes: [["Black", "Red", "White", "Green", "Blue", "Yellow"], ["3/4 in x 60 ft", "3/4 in x 66 ft"], ["7 mil", "8.5 mil"]], baseUom: "RL", caseQty: [10, 50, 100], costCents: [60, 310], weightKg: [0.05, 0.08] },
    { noun: "Duplex Receptacle", axes: [["15A", "20A"], ["White", "Ivory", "Gray"], ["Standard", "Tamper-Resistant", "GFCI"]], baseUom: "EA", caseQty: [10, 25], costCents: [75, 1900], weightKg: [0.05, 0.2] },
    { noun: "Industrial Alkaline Battery", axes: [["AA", "AAA", "C", "D", "9V"]], baseUom: "EA", sales: { uom: "PK", qty: 24 }, caseQty: [144], costCents: [22, 190], weightKg: [0.01, 0.15] },
  ],
};

const PLUMBING: CategoryVocabulary = {
  code: "PLB", name: "Plumbing", skuPrefix: "PLB", templates: [
    { noun: "PVC Pipe Schedule 40", axes: [PIPE_SIZES, ["10 ft Length"]], baseUom: "EA", caseQty: [10], costCents: [280, 3100], weightKg: [0.8, 8] },
    { noun: "PVC Elbow 90 Degree", axes: [PIPE_SIZES, ["Schedule 40", "Schedule 80"]], baseUom: "EA", caseQty: [25, 50], costCents: [30, 620], weightKg: [0.02, 0.6] },
    { noun: "Copper Coupling", axes: [["1/2 in", "3/4 in", "1 in"], ["With Stop", "Without Stop"]], baseUom: "EA", caseQty: [25, 50, 100], costCents: [45, 310], weightKg: [0.01, 0.06] },
    { noun: "Ball Valve", axes: [["1/2 in", "3/4 in", "1 in", "1-1/4 in", "1-1/2 in", "2 in"], ["Brass", "Lead-Free Brass", "PVC"], ["Threaded", "Sweat", "Solvent Weld"]], baseUom: "EA", caseQty: [6, 12, 24], costCents: [480, 6200], weightKg: [0.1, 1.6] },
    { noun: "Toilet Flapper", axes: [["2 in", "3 in"], ["Universal", "Adjustable"], ["Standard", "Water-Saving"]], baseUom: "EA", caseQty: [12, 24], costCents: [190, 720], weightKg: [0.05, 0.12] },
    { noun: "Faucet Aerator", axes: [["0.5 GPM", "1.0 GPM", "1.5 GPM", "2.2 GPM"], ["Male Thread", "Female Thread"], ["Chrome", "Brushed Nickel"]], baseUom: "EA", caseQty: [24, 48], costCents: [95, 420], weightKg: [0.02, 0.05] },
    { noun: "PTFE Thread Seal Tape", axes: [["1/2 in x 260 in", "3/4 in x 260 in", "1/2 in x 520 in"], ["White", "Yellow Gas", "Pink"]], baseUom: "RL", caseQty: [48, 96], costCents: [30, 160], weightKg: [0.01, 0.03] },
    { noun: "Flush Valve Repair Kit", axes: [["Water Closet", "Urinal"], ["1.28 GPF", "1.6 GPF", "1.0 GPF", "0.5 GPF"]], baseUom: "EA", caseQty: [6, 12], costCents: [1400, 4100], weightKg: [0.3, 0.6] },
  ],
};

const TOOLS: CategoryVocabulary = {
  code: "TLS", name: "Tools", skuPrefix: "TLS", templates: [
    { noun: "Utility Knife", axes: [["Fixed Blade", "Retractable", "Folding", "Auto-Retract Safety"], ["Steel Body", "Aluminum Body", "Plastic Body"]], baseUom: "EA", caseQty: [12, 24], costCents: [280, 1550], weightKg: [0.1, 0.25] },
    { noun: "Utility Knife Blades", axes: [["Standard", "Heavy Duty", "Carbide"], ["Single Edge", "Double Edge"]], baseUom: "EA", sales: { uom: "PK", qty: 100 }, caseQty: [1000], costCents: [3, 16], weightKg: [0.002, 0.004] },
    { noun: "Screwdriver", axes: [["Phillips #1", "Phillips #2", "Phillips #3", "Slotted 1/4 in", "Slotted 3/16 in", "Square #2"], ["4 in", "6 in", "8 in"], ["Cushion Grip", "Standard Grip"]], baseUom: "EA", caseQty: [6, 12], costCents: [280, 1250], weightKg: [0.06, 0.18] },
    { noun: "Adjustable Wrench", axes: [["6 in", "8 in", "10 in", "12 in", "15 in"], ["Chrome", "Black Oxide"]], baseUom: "EA", caseQty: [6], costCents: [750, 3100], weightKg: [0.15, 0.9] },
    { noun: "Tape Measure", axes: [["16 ft", "25 ft", "30 ft", "35 ft"], ["Standard", "Magnetic Tip"], ["SAE/Metric", "SAE"]], baseUom: "EA", caseQty: [6, 12], costCents: [550, 2100], weightKg: [0.25, 0.6] },
    { noun: "Drill Bit Set", axes: [["13-Piece", "21-Piece", "29-Piece"], ["HSS", "Cobalt", "Titanium Coated", "Black Oxide"]], baseUom: "EA", caseQty: [6], costCents: [1150, 8200], weightKg: [0.4, 1.3] },
    { noun: "Claw Hammer", axes: [["16 oz", "20 oz", "22 oz"], ["Fiberglass Handle", "Steel Handle", "Wood Handle"], ["Smooth Face", "Milled Face"]], baseUom: "EA", caseQty: [6], costCents: [850, 2600], weightKg: [0.6, 1] },
    { noun: "Pliers", axes: [["Slip-Joint", "Needle-Nose", "Linesman", "Diagonal Cutting", "Tongue-and-Groove"], ["6 in", "8 in", "10 in"]], baseUom: "EA", caseQty: [6, 12], costCents: [550, 2600], weightKg: [0.15, 0.5] },
  ],
};

const BREAKROOM: CategoryVocabulary = {
  code: "BRK", name: "Breakroom", skuPrefix: "BRK", templates: [
    { noun: "Hot Cup", axes: [["8 oz", "10 oz", "12 oz", "16 oz", "20 oz"], ["Paper", "Insulated Paper", "Foam"], ["White", "Printed"]], baseUom: "EA", sales: { uom: "BX", qty: 50 }, caseQty: [1000], costCents: [3, 15], weightKg: [0.006, 0.015] },
    { noun: "Cold Cup", axes: [["12 oz", "16 oz", "20 oz", "24 oz", "32 oz"], ["Clear PET", "Translucent PP", "Paper"]], baseUom: "EA", sales: { uom: "BX", qty: 50 }, caseQty: [1000], costCents: [4, 15], weightKg: [0.008, 0.02] },
    { noun: "Cup Lid", axes: [["8 oz", "12-20 oz", "16-24 oz"], ["Flat", "Dome", "Sip-Through"]], baseUom: "EA", sales: { uom: "BX", qty: 100 }, caseQty: [1000], costCents: [2, 6], weightKg: [0.002, 0.005] },
    { noun: "Plastic Cutlery", axes: [["Fork", "Knife", "Spoon", "Teaspoon", "Soup Spoon"], ["Medium Weight", "Heavy Weight"], ["White", "Black", "Clear"]], baseUom: "EA", sales: { uom: "BX", qty: 100 }, caseQty: [1000], costCents: [1, 4], weightKg: [0.002, 0.005] },
    { noun: "Ground Coffee", axes: [["Breakfast Blend", "House Blend", "French Roast", "Colombian", "Decaf"], ["1.5 oz Portion Pack", "2.5 oz Portion Pack", "12 oz Bag", "2 lb Bag"]], baseUom: "EA", caseQty: [24, 42], costCents: [45, 1800], weightKg: [0.05, 0.95] },
    { noun: "Sweetener Packets", axes: [["Cane Sugar", "Raw Sugar", "Sucralose", "Aspartame", "Stevia"]], baseUom: "EA", sales: { uom: "BX", qty: 1000 }, caseQty: [2000], costCents: [1, 2], weightKg: [0.001, 0.004] },
    { noun: "Coffee Creamer", axes: [["Original", "French Vanilla", "Hazelnut"], ["Liquid Cups", "Powder Packets", "Canister 35 oz"]], baseUom: "EA", sales: { uom: "BX", qty: 50 }, caseQty: [200, 400], costCents: [4, 30], weightKg: [0.01, 0.02] },
    { noun: "Bottled Water", axes: [["8 oz", "16.9 oz", "1 L"], ["Spring", "Purified"]], baseUom: "EA", caseQty: [24, 32, 48], palletCases: 60, costCents: [14, 60], weightKg: [0.25, 1.05] },
  ],
};

const CHEMICALS: CategoryVocabulary = {
  code: "CHM", name: "Chemicals", skuPrefix: "CHM", templates: [
    { noun: "All-Purpose Cleaner", axes: [["Lemon", "Unscented", "Fresh", "Citrus"], ["Concentrate", "Ready-to-Use"], ["Green Seal Certified", "Standard"]], baseUom: "GAL", caseQty: [4], costCents: [450, 2600], weightKg: [3.8, 4.1] },
    { noun: "Glass Cleaner", axes: [["Ammonia-Free", "With Ammonia"], ["Concentrate", "Ready-to-Use"]], baseUom: "GAL", caseQty: [4], costCents: [400, 2200], weightKg: [3.8, 4] },
    { noun: "Neutral Floor Cleaner", axes: [["Lemon", "Unscented", "Fresh", "Citrus"], ["Concentrate", "Ready-to-Use", "Portion Control"]], baseUom: "GAL", caseQty: [4], costCents: [600, 2800], weightKg: [3.8, 4.1] },
    { noun: "Floor Finish", axes: [["18% Solids", "22% Solids", "25% Solids"], ["High Gloss", "Low Maintenance", "Buffable"]], baseUom: "GAL", caseQty: [4, 5], costCents: [1300, 3600], weightKg: [3.9, 4.2] },
    { noun: "Floor Stripper", axes: [["Low Odor", "No-Rinse", "Heavy Duty"], ["Standard", "Green Seal Certified"]], baseUom: "GAL", caseQty: [4, 5], costCents: [1100, 3100], weightKg: [3.9, 4.3] },
    { noun: "Disinfectant Cleaner", axes: [["Quaternary", "Hydrogen Peroxide", "Phenolic"], ["Lemon", "Fresh", "Unscented", "Lavender"], ["Concentrate", "Ready-to-Use"]], baseUom: "GAL", caseQty: [4], costCents: [750, 3200], weightKg: [3.8, 4.2] },
    { noun: "Hand Soap", axes: [["Foam", "Liquid", "Gel"], ["Antibacterial", "Moisturizing", "Fragrance-Free", "Green Seal Certified"], ["1000 mL Refill", "1200 mL Refill", "2000 mL Refill"]], baseUom: "EA", caseQty: [4, 6, 8], costCents: [480, 1900], weightKg: [1.0, 2.1] },
    { noun: "Hand Sanitizer", axes: [["Gel", "Foam", "Spray"], ["70% Alcohol", "62% Alcohol", "Alcohol-Free"], ["8 oz Pump", "1000 mL Refill", "1200 mL Refill"]], baseUom: "EA", caseQty: [6, 12], costCents: [280, 1550], weightKg: [0.25, 1.3] },
    { noun: "Degreaser", axes: [["Citrus", "Butyl", "Water-Based"], ["Concentrate", "Ready-to-Use"], ["Heavy Duty", "Food Service"]], baseUom: "GAL", caseQty: [4], costCents: [650, 3000], weightKg: [3.8, 4.2] },
  ],
};

const MATERIAL_HANDLING: CategoryVocabulary = {
  code: "MHE", name: "Material Handling", skuPrefix: "MHE", templates: [
    { noun: "Pallet Jack", axes: [["5,500 lb", "4,500 lb"], ["27 x 48 in Forks", "21 x 48 in Forks", "27 x 36 in Forks"]], baseUom: "EA", caseQty: [], costCents: [24000, 52000], weightKg: [65, 85] },
    { noun: "Hand Truck", axes: [["600 lb", "800 lb", "1,000 lb"], ["Steel", "Aluminum"], ["Pneumatic Wheels", "Solid Rubber Wheels", "Flat-Free Wheels"]], baseUom: "EA", caseQty: [], costCents: [5800, 21000], weightKg: [11, 25] },
    { noun: "Plastic Pallet", axes: [["48 x 40 in", "48 x 48 in", "42 x 42 in"], ["Nestable", "Rackable", "Stackable"], ["Black", "Blue"]], baseUom: "EA", caseQty: [], costCents: [3800, 16000], weightKg: [9, 25] },
    { noun: "Stackable Storage Bin", axes: [["Small", "Medium", "Large", "X-Large"], ["Blue", "Red", "Yellow", "Green", "Black"]], baseUom: "EA", caseQty: [6, 12, 24], costCents: [140, 1250], weightKg: [0.2, 1.5] },
    { noun: "Platform Truck", axes: [["24 x 36 in", "30 x 48 in", "30 x 60 in"], ["Steel Deck", "Hardwood Deck", "Plastic Deck"], ["1,200 lb", "2,000 lb"]], baseUom: "EA", caseQty: [], costCents: [14000, 46000], weightKg: [25, 60] },
    { noun: "Caster", axes: [["3 in", "4 in", "5 in", "6 in", "8 in"], ["Swivel", "Rigid", "Swivel with Brake"], ["Polyurethane", "Rubber", "Phenolic"]], baseUom: "EA", caseQty: [4, 12], costCents: [380, 2600], weightKg: [0.4, 2.5] },
    { noun: "Wire Shelving Unit", axes: [["36 x 18 in", "48 x 18 in", "48 x 24 in", "60 x 24 in"], ["72 in High", "74 in High", "86 in High"], ["Chrome", "Black Epoxy"]], baseUom: "EA", caseQty: [], costCents: [7800, 26000], weightKg: [18, 40] },
  ],
};

const OFFICE: CategoryVocabulary = {
  code: "OFF", name: "Office", skuPrefix: "OFF", templates: [
    { noun: "Copy Paper Ream 500 Sheets", axes: [["8.5 x 11 in", "8.5 x 14 in", "11 x 17 in"], ["20 lb", "24 lb", "28 lb"], ["92 Bright", "96 Bright", "100% Recycled"]], baseUom: "EA", caseQty: [5, 10], palletCases: 40, costCents: [320, 1100], weightKg: [2.2, 4.6] },
    { noun: "Ballpoint Pen", axes: [["Black", "Blue", "Red"], ["Medium 1.0 mm", "Fine 0.7 mm"], ["Stick", "Retractable"]], baseUom: "EA", sales: { uom: "DZ", qty: 12 }, caseQty: [144], costCents: [9, 60], weightKg: [0.006, 0.012] },
    { noun: "File Folder", axes: [["Letter", "Legal"], ["1/3 Cut Tab", "Straight Cut", "1/5 Cut Tab"], ["Manila", "Assorted Colors"]], baseUom: "EA", sales: { uom: "BX", qty: 100 }, caseQty: [1000], costCents: [5, 20], weightKg: [0.02, 0.03] },
    { noun: "Sticky Notes", axes: [["3 x 3 in", "3 x 5 in", "4 x 6 in", "1.5 x 2 in"], ["Yellow", "Assorted Neon", "Pastel"]], baseUom: "EA", sales: { uom: "PK", qty: 12 }, caseQty: [144], costCents: [30, 120], weightKg: [0.02, 0.08] },
    { noun: "Toner Cartridge", axes: [["Black", "Cyan", "Magenta", "Yellow"], ["Standard Yield", "High Yield"], ["Compatible", "OEM-Equivalent"]], baseUom: "EA", caseQty: [6], costCents: [2800, 12500], weightKg: [0.8, 1.6] },
    { noun: "Binder Clip", axes: [["Small 3/4 in", "Medium 1-1/4 in", "Large 2 in"], ["Black", "Assorted Colors"]], baseUom: "EA", sales: { uom: "DZ", qty: 12 }, caseQty: [144], costCents: [5, 30], weightKg: [0.003, 0.02] },
    { noun: "Laser Labels", axes: [["1 x 2-5/8 in", "2 x 4 in", "4 x 6 in", "3-1/3 x 4 in"], ["White", "Clear", "Kraft"]], baseUom: "EA", sales: { uom: "BX", qty: 100 }, caseQty: [1000], costCents: [9, 35], weightKg: [0.01, 0.02] },
    { noun: "Three-Ring Binder", axes: [["1 in", "1.5 in", "2 in", "3 in"], ["Black", "White", "Blue"], ["Round Ring", "D-Ring"], ["View", "Standard"]], baseUom: "EA", caseQty: [12], costCents: [190, 920], weightKg: [0.3, 0.8] },
  ],
};

export const CATEGORY_VOCABULARIES: readonly CategoryVocabulary[] = [
  JANITORIAL, PAPER, PACKAGING, SAFETY, FASTENERS, ELECTRICAL, PLUMBING, TOOLS, BREAKROOM, CHEMICALS, MATERIAL_HANDLING, OFFICE,
];

export const UNIT_NAMES: Record<string, string> = {
  EA: "Each", CS: "Case", BX: "Box", PK: "Pack", PL: "Pallet", RL: "Roll", GAL: "Gallon", DZ: "Dozen",
};
