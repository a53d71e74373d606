-- The starting catalog: 30 pet-shop products in 9 categories, each with stock enough for a long
-- load test (100 000 units), so a fresh installation can take orders at once. Admins restock with
-- PUT /api/product/{id}. Image URLs point at a placeholder host (.example is reserved for that).
INSERT INTO product (name, description, price, rating, category, quantity, images, brand, colors, sku, height, width, length, weight) VALUES
-- Dog Food
('Grain-Free Salmon Dog Food 12 kg', 'Dry food for adult dogs with wild salmon and sweet potato, no grains.', 64.90, 4.7, 'Dog Food', 100000,
 '{https://img.velure.example/products/VL-DF-001-1.jpg,https://img.velure.example/products/VL-DF-001-2.jpg}', 'Northpaw', '{}', 'VL-DF-001', 60.00, 40.00, 15.00, 12.000),
('Puppy Chicken & Rice Kibble 3 kg', 'Small kibble for puppies up to 12 months, with DHA for brain development.', 24.50, 4.5, 'Dog Food', 100000,
 '{https://img.velure.example/products/VL-DF-002-1.jpg}', 'Northpaw', '{}', 'VL-DF-002', 40.00, 25.00, 10.00, 3.000),
('Senior Lamb Wet Food 6 x 400 g', 'Tender chunks in gravy for dogs over seven, with joint-friendly glucosamine.', 15.99, 4.3, 'Dog Food', 100000,
 '{https://img.velure.example/products/VL-DF-003-1.jpg}', 'Hearth & Hound', '{}', 'VL-DF-003', 12.00, 22.00, 15.00, 2.400),
('Beef Jerky Training Treats 250 g', 'Single-ingredient air-dried beef, easy to break into training-size bites.', 8.75, 4.8, 'Dog Food', 100000,
 '{https://img.velure.example/products/VL-DF-004-1.jpg}', 'Hearth & Hound', '{}', 'VL-DF-004', 20.00, 14.00, 4.00, 0.250),
-- Cat Food
('Indoor Cat Turkey Formula 4 kg', 'Complete dry food for indoor cats, with fibre to control hairballs.', 32.00, 4.4, 'Cat Food', 100000,
 '{https://img.velure.example/products/VL-CF-001-1.jpg}', 'Whisker Farm', '{}', 'VL-CF-001', 45.00, 28.00, 11.00, 4.000),
('Tuna Pâté Wet Food 12 x 85 g', 'Smooth pâté pouches with tuna in jelly, grain free.', 11.40, 4.6, 'Cat Food', 100000,
 '{https://img.velure.example/products/VL-CF-002-1.jpg}', 'Whisker Farm', '{}', 'VL-CF-002', 10.00, 20.00, 14.00, 1.020),
('Kitten Growth Kibble 1.5 kg', 'Extra protein and calcium for kittens, tiny kibble for small mouths.', 14.90, 4.5, 'Cat Food', 100000,
 '{https://img.velure.example/products/VL-CF-003-1.jpg}', 'Purrfect Table', '{}', 'VL-CF-003', 30.00, 20.00, 8.00, 1.500),
('Freeze-Dried Chicken Cat Treats 40 g', 'Pure chicken breast, freeze-dried to keep the flavour cats love.', 6.20, 4.9, 'Cat Food', 100000,
 '{https://img.velure.example/products/VL-CF-004-1.jpg}', 'Purrfect Table', '{}', 'VL-CF-004', 15.00, 10.00, 5.00, 0.040),
-- Toys
('Squeaky Plush Fox', 'Soft fox with three squeakers and reinforced seams for gentle chewers.', 9.99, 4.2, 'Toys', 100000,
 '{https://img.velure.example/products/VL-TY-001-1.jpg}', 'Playpack', '{orange,white}', 'VL-TY-001', 10.00, 12.00, 30.00, 0.150),
('Rubber Treat Ball Large', 'Natural rubber ball that releases kibble as it rolls; dishwasher safe.', 13.50, 4.6, 'Toys', 100000,
 '{https://img.velure.example/products/VL-TY-002-1.jpg}', 'Playpack', '{red,blue}', 'VL-TY-002', 9.00, 9.00, 9.00, 0.300),
('Feather Wand Cat Teaser', 'Telescopic wand with replaceable feather tips for interactive play.', 7.25, 4.4, 'Toys', 100000,
 '{https://img.velure.example/products/VL-TY-003-1.jpg}', 'Whisker Farm', '{green,purple}', 'VL-TY-003', 2.00, 2.00, 90.00, 0.080),
('Rope Tug Toy 3 Knots', 'Braided cotton rope for tug of war and dental cleaning.', 6.80, 4.1, 'Toys', 100000,
 '{https://img.velure.example/products/VL-TY-004-1.jpg}', 'Playpack', '{blue,grey,white}', 'VL-TY-004', 6.00, 6.00, 45.00, 0.220),
-- Beds & Furniture
('Orthopedic Memory Foam Dog Bed L', 'Memory foam base with washable cover, sized for large breeds.', 89.00, 4.7, 'Beds & Furniture', 100000,
 '{https://img.velure.example/products/VL-BF-001-1.jpg,https://img.velure.example/products/VL-BF-001-2.jpg}', 'Dozewell', '{grey,brown}', 'VL-BF-001', 20.00, 80.00, 110.00, 5.500),
('Cat Tree Tower 150 cm', 'Five levels with sisal scratching posts, a hideaway and a hammock.', 119.00, 4.5, 'Beds & Furniture', 100000,
 '{https://img.velure.example/products/VL-BF-002-1.jpg}', 'Dozewell', '{beige,grey}', 'VL-BF-002', 150.00, 50.00, 50.00, 14.000),
('Self-Warming Cat Cushion', 'Thermal layer reflects body heat; no cables or batteries.', 29.90, 4.3, 'Beds & Furniture', 100000,
 '{https://img.velure.example/products/VL-BF-003-1.jpg}', 'Purrfect Table', '{cream,charcoal}', 'VL-BF-003', 12.00, 50.00, 50.00, 0.900),
('Wall-Mounted Cat Shelf Set', 'Three solid-wood shelves with anti-slip felt, for climbing cats.', 54.00, 4.0, 'Beds & Furniture', 100000,
 '{https://img.velure.example/products/VL-BF-004-1.jpg}', 'Dozewell', '{oak}', 'VL-BF-004', 5.00, 25.00, 40.00, 3.600),
-- Grooming
('Deshedding Brush Medium', 'Stainless steel edge removes loose undercoat; one-click hair release.', 19.90, 4.6, 'Grooming', 100000,
 '{https://img.velure.example/products/VL-GR-001-1.jpg}', 'Glosscoat', '{teal}', 'VL-GR-001', 4.00, 10.00, 18.00, 0.200),
('Oatmeal Sensitive Skin Shampoo 500 ml', 'Soap-free shampoo with colloidal oatmeal for itchy skin.', 12.30, 4.4, 'Grooming', 100000,
 '{https://img.velure.example/products/VL-GR-002-1.jpg}', 'Glosscoat', '{}', 'VL-GR-002', 20.00, 7.00, 7.00, 0.550),
('Nail Clipper with Safety Guard', 'Stainless blades and a guard that stops before the quick.', 10.50, 4.2, 'Grooming', 100000,
 '{https://img.velure.example/products/VL-GR-003-1.jpg}', 'Glosscoat', '{black,red}', 'VL-GR-003', 2.00, 5.00, 15.00, 0.120),
('Enzymatic Toothpaste Poultry 70 g', 'Enzymes fight plaque; poultry flavour so brushing feels like a treat.', 7.90, 4.1, 'Grooming', 100000,
 '{https://img.velure.example/products/VL-GR-004-1.jpg}', 'Glosscoat', '{}', 'VL-GR-004', 16.00, 4.00, 3.00, 0.090),
-- Aquarium
('Nano Aquarium Kit 30 L', 'Glass tank with LED lid, filter and heater; ready for tropical fish.', 79.00, 4.5, 'Aquarium', 100000,
 '{https://img.velure.example/products/VL-AQ-001-1.jpg}', 'Blue Lagoon', '{}', 'VL-AQ-001', 35.00, 30.00, 40.00, 8.200),
('Tropical Flake Fish Food 100 g', 'Balanced flakes with spirulina for community tanks.', 5.60, 4.3, 'Aquarium', 100000,
 '{https://img.velure.example/products/VL-AQ-002-1.jpg}', 'Blue Lagoon', '{}', 'VL-AQ-002', 11.00, 6.00, 6.00, 0.100),
('Water Conditioner 250 ml', 'Removes chlorine and binds heavy metals in tap water.', 8.40, 4.7, 'Aquarium', 100000,
 '{https://img.velure.example/products/VL-AQ-003-1.jpg}', 'Blue Lagoon', '{}', 'VL-AQ-003', 15.00, 6.00, 4.00, 0.280),
-- Bird Supplies
('Wild Bird Seed Mix 5 kg', 'Sunflower hearts, millet and cracked corn for garden feeders.', 16.75, 4.4, 'Bird Supplies', 100000,
 '{https://img.velure.example/products/VL-BS-001-1.jpg}', 'Featherfield', '{}', 'VL-BS-001', 40.00, 25.00, 10.00, 5.000),
('Budgie Cage with Stand', 'Powder-coated cage with perches, feeders and a rolling stand.', 95.00, 4.2, 'Bird Supplies', 100000,
 '{https://img.velure.example/products/VL-BS-002-1.jpg}', 'Featherfield', '{white}', 'VL-BS-002', 150.00, 45.00, 60.00, 9.500),
('Natural Wood Perch Set', 'Three manzanita perches of varied width to keep feet healthy.', 11.20, 4.0, 'Bird Supplies', 100000,
 '{https://img.velure.example/products/VL-BS-003-1.jpg}', 'Featherfield', '{}', 'VL-BS-003', 3.00, 3.00, 25.00, 0.300),
-- Small Animals
('Timothy Hay 2 kg', 'Hand-sorted second-cut hay for rabbits, guinea pigs and chinchillas.', 13.90, 4.8, 'Small Animals', 100000,
 '{https://img.velure.example/products/VL-SA-001-1.jpg}', 'Meadow Burrow', '{}', 'VL-SA-001', 50.00, 35.00, 20.00, 2.000),
('Hamster Wheel Silent 21 cm', 'Ball-bearing wheel that spins without a sound; solid running surface.', 17.40, 4.3, 'Small Animals', 100000,
 '{https://img.velure.example/products/VL-SA-002-1.jpg}', 'Meadow Burrow', '{mint,pink}', 'VL-SA-002', 24.00, 22.00, 10.00, 0.400),
-- Accessories
('Reflective Nylon Leash 1.8 m', 'Padded handle and reflective stitching for walks after dark.', 14.99, 4.5, 'Accessories', 100000,
 '{https://img.velure.example/products/VL-AC-001-1.jpg}', 'Trailmate', '{black,red,blue}', 'VL-AC-001', 2.00, 2.00, 180.00, 0.180),
('Stainless Steel Bowl Duo', 'Two non-slip bowls in a raised bamboo stand.', 22.00, 4.4, 'Accessories', 100000,
 '{https://img.velure.example/products/VL-AC-002-1.jpg}', 'Trailmate', '{silver}', 'VL-AC-002', 12.00, 20.00, 40.00, 1.300);
