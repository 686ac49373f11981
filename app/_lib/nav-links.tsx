"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Fragment } from "react";
import { NavBadge } from "./governance-nav";

function isActive(pathname: string, href: string, hrefs: readonly string[]): boolean {
  if (href === "/") return pathname === "/";
  if (pathname === href) return true;
  // A more specific link (/sales/orders/new) takes the highlight from its parent (/sales/orders).
  return pathname.startsWith(`${href}/`) && !hrefs.some((other) => other !== href && other.startsWith(`${href}/`) && (pathname === other || pathname.startsWith(`${other}/`)));
}

/** A heading starts each section (Sales, Governance) where the previous link belonged to another. */
function startsSection(items: readonly { section?: string }[], index: number): string | null {
  const section = items[index]?.section;
  return section && items[index - 1]?.section !== section ? section : null;
}

export function NavLinks({ items }: { items: { href: string; label: string; section?: string }[] }) {
  const pathname = usePathname();
  const hrefs = items.map((i) => i.href);
  return (
    <ul className="nav-links">
      {items.map((item, index) => (
        <Fragment key={item.href}>
          {startsSection(items, index) ? <li className="nav-section" aria-hidden="true">{startsSection(items, index)}</li> : null}
          <li>
            <Link href={item.href} className={isActive(pathname, item.href, hrefs) ? "active" : undefined} aria-current={isActive(pathname, item.href, hrefs) ? "page" : undefined}>
              {item.label}<NavBadge href={item.href} pathname={pathname} />
            </Link>
          </li>
        </Fragment>
      ))}
    </ul>
  );
}
