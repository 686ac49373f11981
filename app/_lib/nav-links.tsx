"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Fragment } from "react";
import { NavBadge, startsGovernanceSection } from "./governance-nav";

function isActive(pathname: string, href: string): boolean {
  if (href === "/") return pathname === "/";
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function NavLinks({ items }: { items: { href: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <ul className="nav-links">
      {items.map((item, index) => (
        <Fragment key={item.href}>
          {startsGovernanceSection(items.map((i) => i.href), index) ? <li className="nav-section" aria-hidden="true">Governance</li> : null}
          <li>
            <Link href={item.href} className={isActive(pathname, item.href) ? "active" : undefined} aria-current={isActive(pathname, item.href) ? "page" : undefined}>
              {item.label}<NavBadge href={item.href} pathname={pathname} />
            </Link>
          </li>
        </Fragment>
      ))}
    </ul>
  );
}
