-- The plan's six categories (section 10). Admins can rename, reorder and retire them later.
INSERT INTO public.ticket_categories (slug, label_fr, label_en, sort_order) VALUES
  ('reservations', 'Réservations', 'Bookings', 10),
  ('soutien-technique', 'Soutien technique', 'Technical support', 20),
  ('demande-de-cours', 'Demande de cours', 'Course request', 30),
  ('changement-cours-tuteur', 'Changement de cours/tuteur', 'Course/tutor change', 40),
  ('paiement', 'Paiement', 'Payment', 50),
  ('autre', 'Autre', 'Other', 60)
ON CONFLICT (slug) DO NOTHING;
